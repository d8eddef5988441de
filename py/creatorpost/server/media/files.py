"""Where media bytes live. `MediaStore` is the seam: local disk by default (under the data
dir), an S3-compatible store later. Ids are content-derived per creator, so storing the same
bytes twice gives the same id and nothing is half-written (temp file + atomic rename)."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

_ID = re.compile(r"^m_[0-9a-f]{32}$")
_FORMAT = re.compile(r"^[a-z0-9]{1,8}$")


def is_media_id(value: object) -> bool:
    return isinstance(value, str) and bool(_ID.match(value))


class MediaStore(Protocol):
    def put(self, creator_id: str, data: bytes, format: str) -> str:
        """Store bytes for a creator; returns the media id (`m_` + 32 hex)."""
        ...

    def get(self, media_id: str) -> tuple[bytes, str] | None:
        """The bytes and format of a media id, or None."""
        ...

    def path(self, media_id: str) -> Path | None:
        """A local file for the media id when the store has one (lets the endpoint stream it)."""
        ...

    def exists_for(self, creator_id: str, media_id: str) -> bool:
        """Whether this media id was stored by this creator."""
        ...


class LocalMediaStore:
    """Files at `<root>/<creator_id>/<media_id>.<format>`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @staticmethod
    def media_id(creator_id: str, data: bytes) -> str:
        return "m_" + hashlib.sha256(creator_id.encode() + b"\0" + data).hexdigest()[:32]

    def put(self, creator_id: str, data: bytes, format: str) -> str:
        if not _FORMAT.match(format):
            raise ValueError(f"bad media format {format!r}")
        media_id = self.media_id(creator_id, data)
        folder = self.root / _safe(creator_id)
        target = folder / f"{media_id}.{format}"
        if target.is_file():
            return media_id
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return media_id

    def path(self, media_id: str) -> Path | None:
        if not is_media_id(media_id) or not self.root.is_dir():
            return None
        for folder in self.root.iterdir():
            for candidate in folder.glob(f"{media_id}.*"):
                if not candidate.name.endswith(".part"):
                    return candidate
        return None

    def get(self, media_id: str) -> tuple[bytes, str] | None:
        found = self.path(media_id)
        return (found.read_bytes(), found.suffix[1:]) if found else None

    def exists_for(self, creator_id: str, media_id: str) -> bool:
        if not is_media_id(media_id):
            return False
        folder = self.root / _safe(creator_id)
        return any(not p.name.endswith(".part") for p in folder.glob(f"{media_id}.*"))


def _safe(creator_id: str) -> str:
    if not re.match(r"^[A-Za-z0-9_\-]{1,40}$", creator_id):
        raise ValueError(f"bad creator id {creator_id!r}")
    return creator_id
