"""What a crash leaves behind, removed at start (bounded) and by `creatorpost sweep` (issue 10 §6, issue 13).

Every object is stored whole before its row is written, and every local file we write goes to a temporary
name first (`.part` in a media folder, `.tmp` for the gzip cache) and is renamed into place when whole.
So a crash can leave a photo that no row names, a temporary file, or an upload in parts that never
finished (a bucket), and nothing else. These are removed once older than CREATORPOST_SWEEP_AGE_SECONDS
(another process sharing the storage may be between an object and its row), looking at `BUDGET` objects
at most at start, so a start with a huge storage stays quick (the walk begins at a random place: each
start looks at another part of a storage too big to look at whole).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from creatorpost.server.media.files import Swept
from creatorpost.server.media.storage import StorageUnavailable
from creatorpost.server.services import Services
from creatorpost.server.store.media import existing_media_ids

log = logging.getLogger("creatorpost.server")

BUDGET = 100_000
TEMP_SUFFIXES = (".tmp", ".part")


def remove_old_temp_files(folder: Path, older_than_seconds: float, budget: int) -> int:
    """Remove temporary files directly in `folder` older than `older_than_seconds`; how many went."""
    if not folder.is_dir():
        return 0
    cutoff = time.time() - older_than_seconds
    removed = 0
    for seen, entry in enumerate(folder.iterdir()):
        if seen >= budget:
            break
        try:
            if entry.name.endswith(TEMP_SUFFIXES) and entry.is_file() and entry.stat().st_mtime <= cutoff:
                entry.unlink(missing_ok=True)
                removed += 1
        except OSError:
            continue
    return removed


def sweep_leftovers(svc: Services, older_than_seconds: float | None = None, budget: int = BUDGET) -> Swept:
    """Sweep the media storage and the local caches; logs `leftovers.swept` and returns what the storage sweep
    did. A storage that does not answer is logged (`leftovers.unavailable`) and swept another time."""
    age = svc.settings.sweep_age_seconds if older_than_seconds is None else older_than_seconds
    temporary = remove_old_temp_files(svc.settings.cache_dir / "gzip", age, budget)
    try:
        media = svc.store.sweep(lambda ids: existing_media_ids(svc.db, ids), age, budget)
    except StorageUnavailable as failed:
        log.warning("media storage not swept", extra={"event": "leftovers.unavailable", "reason": str(failed)})
        media = Swept()
    log.info("leftover files swept", extra={
        "event": "leftovers.swept", "storage": svc.store.storage.kind, "media_seen": media.seen,
        "media_removed": media.removed, "uploads_aborted": media.uploads_aborted, "temporary_removed": temporary,
        "stopped_early": media.stopped_early})
    return media
