"""Where stored bytes live: one interface, `Storage`, with a folder (`file://`, the default) and an
S3-compatible bucket (`s3://`) behind it (docs/ARCHITECTURE.md, "Media storage").

A storage knows keys (`c_1a2b/m_3c4d.jpeg`, `catalog/1005001234567890.png`) and nothing of photos,
creators or rows: `media/files.py` names the keys and decides what a leftover is. Every call blocks
(handlers run them in worker threads); a storage that does not answer raises `StorageUnavailable`,
which the endpoint turns into a coded 503.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

# Keys are made by us: folders and a file name of letters, digits, '_', '-' and '.', never starting with '.'
# (so never "." or "..").
_KEY = re.compile(r"^(?:[A-Za-z0-9_\-][A-Za-z0-9_.\-]{0,127}/){0,3}[A-Za-z0-9_\-][A-Za-z0-9_.\-]{0,127}$")


class StorageUnavailable(Exception):
    """The storage did not answer as it should (unreachable, refused credentials, a 5xx of its own)."""


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    modified: float  # seconds since the epoch
    temporary: bool = False  # a write that never finished (a folder's `.part` file)


@dataclass
class Download:
    """An object opened for reading: its size, and its bytes piece by piece (`close` when not read to the end)."""

    size: int
    chunks: Iterator[bytes]
    close: Callable[[], None]


class Storage(Protocol):
    kind: str  # "file" or "s3": what /healthz and the logs say

    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Store `data` under `key`, whole or not at all (a reader never sees part of it)."""
        ...

    def local_file(self, key: str) -> Path | None:
        """The file that holds `key` when the storage is a folder (served with sendfile), else None."""
        ...

    def open(self, key: str) -> Download | None:
        """The object to stream, or None when there is none."""
        ...

    def presigned_url(self, key: str, seconds: int) -> str | None:
        """An address that fetches `key` without credentials for at most `seconds` (None: this storage has none)."""
        ...

    def size(self, key: str) -> int | None:
        """The size of the object at `key`, or None when there is none."""
        ...

    def delete(self, key: str) -> None:
        """Remove `key` (nothing happens when it is not there)."""
        ...

    def objects(self, prefix: str = "") -> Iterator[StoredObject]:
        """Every object under `prefix` (temporary ones included), starting at a random place and going round once,
        so a walk that stops at a budget looks at another part the next time."""
        ...

    def abort_stale_uploads(self, older_than: float) -> int:
        """Give up uploads in parts begun before `older_than` (epoch seconds) that a crash left open; how many."""
        ...

    def check(self) -> None:
        """Raise StorageUnavailable unless the storage answers now."""
        ...


def check_key(key: str) -> str:
    if not _KEY.match(key):
        raise ValueError(f"not a storage key: {key!r}")
    return key
