"""Where media bytes live. `MediaStore` is the seam: local disk by default (under the data
dir), an S3-compatible store later.

Ids are random (`m_` + 32 hex): an id says nothing about the picture, so holding a photo does not
tell whether a creator uploaded it. De-duplication is the `media` table's business (a content hash
per creator, `store/media.py`). A file is written whole before anything refers to it: the bytes go
to a `.part` file, are flushed to disk, then renamed into place; the row comes after the rename.
A crash therefore leaves at most a `.part` file or a file without a row, and `sweep` removes
those at start once they are older than any upload in flight could be.
"""

from __future__ import annotations

import os
import random
import re
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

_ID = re.compile(r"^m_[0-9a-f]{32}$")
_FORMAT = re.compile(r"^[a-z0-9]{1,8}$")
_CREATOR = re.compile(r"^[A-Za-z0-9_\-]{1,40}$")
PART_SUFFIX = ".part"


def is_media_id(value: object) -> bool:
    return isinstance(value, str) and bool(_ID.match(value))


def new_media_id() -> str:
    return "m_" + secrets.token_hex(16)


@dataclass(frozen=True)
class Swept:
    """What a sweep did: files looked at, leftovers removed, and whether it stopped at its budget."""

    seen: int = 0
    removed: int = 0
    stopped_early: bool = False


class MediaStore(Protocol):
    def put(self, creator_id: str, media_id: str, data: bytes, format: str) -> None:
        """Store the bytes of a new media id for a creator, whole or not at all."""
        ...

    def path(self, creator_id: str, media_id: str, format: str) -> Path | None:
        """The local file of a stored media id (lets the endpoint stream it), or None."""
        ...

    def delete(self, creator_id: str, media_id: str, format: str) -> None:
        """Forget the bytes of a media id (nothing happens when there are none)."""
        ...

    def sweep(self, existing: Callable[[set[str]], set[str]], older_than_seconds: float, budget: int) -> Swept:
        """Remove `.part` files and files whose media id has no row (`existing` says which of a set of
        ids have one), older than `older_than_seconds`; look at `budget` files at most."""
        ...


class LocalMediaStore:
    """Files at `<root>/<creator_id>/<media_id>.<format>`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _file(self, creator_id: str, media_id: str, format: str) -> Path:
        if not is_media_id(media_id) or not _FORMAT.match(format):
            raise ValueError(f"bad media id or format {media_id!r} {format!r}")
        return self.root / _safe(creator_id) / f"{media_id}.{format}"

    def put(self, creator_id: str, media_id: str, data: bytes, format: str) -> None:
        target = self._file(creator_id, media_id, format)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f"{media_id}.", suffix=PART_SUFFIX)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def path(self, creator_id: str, media_id: str, format: str) -> Path | None:
        try:
            found = self._file(creator_id, media_id, format)
        except ValueError:
            return None
        return found if found.is_file() else None

    def delete(self, creator_id: str, media_id: str, format: str) -> None:
        self._file(creator_id, media_id, format).unlink(missing_ok=True)

    def _files(self) -> Iterator[Path]:
        """Every file of every creator's folder, the folders in a random order."""
        if not self.root.is_dir():
            return
        folders = list(self.root.iterdir())
        for folder in random.sample(folders, len(folders)):
            if folder.is_dir():
                yield from (entry for entry in folder.iterdir() if entry.is_file())

    def sweep(self, existing: Callable[[set[str]], set[str]], older_than_seconds: float, budget: int) -> Swept:
        cutoff = time.time() - older_than_seconds
        seen = 0
        stopped_early = False
        old: list[Path] = []
        for entry in self._files():
            if seen >= budget:
                stopped_early = True
                break
            seen += 1
            try:
                if entry.stat().st_mtime <= cutoff:  # newer ones: an upload in flight, between file and row
                    old.append(entry)
            except OSError:
                continue
        known = existing({_media_id_of(entry) for entry in old} - {""})
        removed = 0
        for entry in old:
            if _media_id_of(entry) not in known:
                entry.unlink(missing_ok=True)
                removed += 1
        return Swept(seen, removed, stopped_early)


def _media_id_of(entry: Path) -> str:
    """The media id a finished file holds; "" for a `.part` file or a name that is not ours."""
    media_id = entry.name.split(".", 1)[0]
    return "" if entry.name.endswith(PART_SUFFIX) or not is_media_id(media_id) else media_id


def _safe(creator_id: str) -> str:
    if not _CREATOR.match(creator_id):
        raise ValueError(f"bad creator id {creator_id!r}")
    return creator_id
