"""`file://`: stored objects as files of one folder (the default: `<data_dir>/media`).

A file is written whole before anything refers to it: the bytes go to a `.part` file of their own, are
flushed to disk, then renamed into place. A crash therefore leaves at most a `.part` file, which the
sweep removes once it is old.
"""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Iterator
from pathlib import Path

from creatorpost.server.media.storage import Download, StorageUnavailable, StoredObject, check_key

PART_SUFFIX = ".part"
_CHUNK = 64 * 1024


def _is_key(key: str) -> bool:
    try:
        check_key(key)
    except ValueError:
        return False
    return True


class FolderStorage:
    kind = "file"

    def __init__(self, root: Path) -> None:
        self.root = root

    def _file(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        target = self._file(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f"{target.name}.", suffix=PART_SUFFIX)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def local_file(self, key: str) -> Path | None:
        try:
            found = self._file(key)
        except ValueError:
            return None
        return found if found.is_file() else None

    def open(self, key: str) -> Download | None:
        found = self.local_file(key)
        if found is None:
            return None
        try:
            handle = found.open("rb")
        except FileNotFoundError:
            return None
        size = os.fstat(handle.fileno()).st_size

        def chunks() -> Iterator[bytes]:
            with handle:
                while piece := handle.read(_CHUNK):
                    yield piece

        return Download(size, chunks(), handle.close)

    def presigned_url(self, key: str, seconds: int) -> str | None:
        return None

    def size(self, key: str) -> int | None:
        found = self.local_file(key)
        try:
            return found.stat().st_size if found is not None else None
        except OSError:
            return None

    def delete(self, key: str) -> None:
        self._file(key).unlink(missing_ok=True)

    def objects(self, prefix: str = "") -> Iterator[StoredObject]:
        """The files under `prefix` and those one folder below it, the folders in a random order."""
        base = self.root / check_key(prefix.rstrip("/")) if prefix else self.root
        if not base.is_dir():
            return
        yield from self._files(base)
        folders = [entry for entry in base.iterdir() if entry.is_dir()]
        for folder in random.sample(folders, len(folders)):
            yield from self._files(folder)

    def _files(self, folder: Path) -> Iterator[StoredObject]:
        try:
            entries = list(folder.iterdir())
        except OSError:  # removed meanwhile
            return
        for entry in entries:
            try:
                stat = entry.stat()
            except OSError:
                continue
            key = entry.relative_to(self.root).as_posix()
            if entry.is_file() and _is_key(key):  # any other name is not ours
                yield StoredObject(key, stat.st_size, stat.st_mtime, temporary=entry.name.endswith(PART_SUFFIX))

    def abort_stale_uploads(self, older_than: float) -> int:
        return 0  # a folder's unfinished writes are `.part` files, which `objects` lists

    def check(self) -> None:
        folder = self.root if self.root.exists() else self.root.parent  # made at the first write
        if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
            raise StorageUnavailable(f"{folder} is not a folder we may write to")
