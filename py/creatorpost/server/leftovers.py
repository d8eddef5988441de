"""Files a crash left behind, removed when the endpoint starts (issue 10 §6).

Every file we write goes to a temporary name first (`.part` for media, `.tmp` for catalog pictures
and the gzip cache) and is renamed into place when whole; a media file is written before its row.
So a crash can leave a temporary file, or a media file that no row names, and nothing else. At
start these are removed, when older than `LEFTOVER_AGE_SECONDS` (another process sharing the data
folder may be in the middle of an upload) and looking at `BUDGET` files at most, so a start with a
huge media folder stays quick (creators' folders are taken in a random order: each start looks at
another part of a folder too big to look at whole).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from creatorpost.server.services import Services
from creatorpost.server.store.media import existing_media_ids

log = logging.getLogger("creatorpost.server")

LEFTOVER_AGE_SECONDS = 3600.0
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


def sweep_leftovers(svc: Services, older_than_seconds: float = LEFTOVER_AGE_SECONDS, budget: int = BUDGET) -> None:
    media = svc.store.sweep(lambda ids: existing_media_ids(svc.db, ids), older_than_seconds, budget)
    settings = svc.settings
    temporary = sum(remove_old_temp_files(folder, older_than_seconds, budget)
                    for folder in (settings.catalog_image_dir, settings.cache_dir / "gzip"))
    log.info("leftover files swept", extra={
        "event": "leftovers.swept", "media_seen": media.seen, "media_removed": media.removed,
        "temporary_removed": temporary, "stopped_early": media.stopped_early})
