"""Photos and catalog pictures in the storage (`media/storage.py`: a folder or a bucket), by key:
`<creator_id>/<media_id>.<format>` for a creator's photo, `catalog/<product_id>.png` for a catalog picture.

Ids are random (`m_` + 32 hex): an id says nothing about the picture, so holding a photo does not
tell whether a creator uploaded it. De-duplication is the `media` table's business (a content hash
per creator, `store/media.py`). An object is stored whole before its row is written, so a crash
leaves at most an object no row names (or a temporary file, or an unfinished upload in parts), never a
row without its object; `sweep` removes those once they are older than any upload in flight could be.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from creatorpost.server.media.folder import FolderStorage
from creatorpost.server.media.storage import Storage, StoredObject
from creatorpost.server.settings import Settings

_ID = re.compile(r"^m_[0-9a-f]{32}$")
_FORMAT = re.compile(r"^[a-z0-9]{1,8}$")
_CREATOR = re.compile(r"^[A-Za-z0-9_\-]{1,40}$")
_MEDIA_KEY = re.compile(r"^([A-Za-z0-9_\-]{1,40})/(m_[0-9a-f]{32})\.([a-z0-9]{1,8})$")
CATALOG = "catalog"  # never a creator id: those are c_<hex> (store/accounts.py) or c_demo_<level>
_BATCH = 1000  # old objects asked about at once (memory stays flat however many a sweep looks at)
CONTENT_TYPES = {"jpeg": "image/jpeg", "jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def is_media_id(value: object) -> bool:
    return isinstance(value, str) and bool(_ID.match(value))


def new_media_id() -> str:
    return "m_" + secrets.token_hex(16)


def content_type(format: str) -> str:
    return CONTENT_TYPES.get(format, "application/octet-stream")


@dataclass(frozen=True)
class Swept:
    """What a sweep did: objects looked at, leftovers removed, unfinished uploads in parts ended, and
    whether it stopped at its budget."""

    seen: int = 0
    removed: int = 0
    stopped_early: bool = False
    uploads_aborted: int = 0


class MediaStore:
    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    @classmethod
    def from_settings(cls, settings: Settings) -> MediaStore:
        """The store in the storage CREATORPOST_MEDIA_URL names (obstore and boto3 are imported for a bucket only)."""
        location = settings.media_location
        if location.scheme == "s3":
            from creatorpost.server.media.s3 import S3Storage

            return cls(S3Storage(location.bucket, location.prefix, settings.s3_endpoint_url))
        return cls(FolderStorage(location.folder))

    @staticmethod
    def key(creator_id: str, media_id: str, format: str) -> str:
        if not is_media_id(media_id) or not _FORMAT.match(format) or not _CREATOR.match(creator_id) \
                or creator_id == CATALOG:
            raise ValueError(f"bad media key {creator_id!r} {media_id!r} {format!r}")
        return f"{creator_id}/{media_id}.{format}"

    @staticmethod
    def catalog_key(name: str) -> str:
        return f"{CATALOG}/{name}"

    def put(self, creator_id: str, media_id: str, data: bytes, format: str) -> None:
        """Store the bytes of a new media id for a creator, whole or not at all."""
        self.storage.put(self.key(creator_id, media_id, format), data, content_type(format))

    def delete(self, creator_id: str, media_id: str, format: str) -> None:
        """Forget the bytes of a media id (nothing happens when there are none)."""
        self.storage.delete(self.key(creator_id, media_id, format))

    def sweep(self, existing: Callable[[set[str]], set[str]], older_than_seconds: float, budget: int) -> Swept:
        """Remove temporary files, and photos whose media id has no row (`existing` says which of a set of ids
        have one), older than `older_than_seconds`; look at `budget` objects at most. Catalog pictures and
        objects that are not ours are left alone. Unfinished uploads in parts that old are ended too."""
        cutoff = time.time() - older_than_seconds
        seen = removed = 0
        stopped_early = False
        old: list[tuple[StoredObject, str]] = []  # (object, its media id or "" for a temporary file)

        def remove_unknown() -> int:
            known = existing({media_id for _, media_id in old if media_id})
            gone = [stored for stored, media_id in old if media_id not in known]
            for stored in gone:
                self.storage.delete(stored.key)
            old.clear()
            return len(gone)

        for stored in self.storage.objects():
            if seen >= budget:
                stopped_early = True
                break
            seen += 1
            if stored.modified > cutoff:  # newer ones: an upload in flight, between object and row
                continue
            if stored.temporary:
                old.append((stored, ""))
            elif (found := _MEDIA_KEY.match(stored.key)) and found.group(1) != CATALOG:
                old.append((stored, found.group(2)))
            if len(old) >= _BATCH:
                removed += remove_unknown()
        removed += remove_unknown()
        return Swept(seen, removed, stopped_early, self.storage.abort_stale_uploads(cutoff))
