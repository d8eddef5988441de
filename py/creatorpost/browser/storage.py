"""The browser's localStorage and sessionStorage as KeyValues, in memory where the browser denies them.

An editor embedded in a partner page may be refused storage (third-party storage blocked);
it still works, keeps drafts for as long as the page is open, and says so.
"""

from typing import Any

import js

from creatorpost.browser.dom import real


class StorageFull(Exception):
    """The device refused to store more (quota exceeded)."""


class BrowserStorage:
    def __init__(self, name: str) -> None:
        self._store = _open(name)
        self._memory: dict[str, str] = {}

    @property
    def persistent(self) -> bool:
        return self._store is not None

    def get(self, key: str) -> str | None:
        if self._store is None:
            return self._memory.get(key)
        value = real(self._store.getItem(key))
        return None if value is None else str(value)

    def set(self, key: str, value: str) -> None:
        if self._store is None:
            self._memory[key] = value
            return
        try:
            self._store.setItem(key, value)
        except Exception as error:  # a JsException; its name says QuotaExceededError
            raise StorageFull(str(error)) from error

    def remove(self, key: str) -> None:
        if self._store is None:
            self._memory.pop(key, None)
        else:
            self._store.removeItem(key)

    def keys(self) -> list[str]:
        if self._store is None:
            return list(self._memory)
        return [str(self._store.key(i)) for i in range(int(self._store.length))]


def _open(name: str) -> Any | None:
    try:
        store = getattr(js.window, name)
        int(store.length)
        return store
    except Exception:  # SecurityError: this page may not use storage
        return None


_LOCAL: list[BrowserStorage] = []
_SESSION: list[BrowserStorage] = []


def local() -> BrowserStorage:
    """This device's storage for drafts, the outbox and preferences (one per page)."""
    if not _LOCAL:
        _LOCAL.append(BrowserStorage("localStorage"))
    return _LOCAL[0]


def session() -> BrowserStorage:
    """This tab's storage: which draft it has open, its token."""
    if not _SESSION:
        _SESSION.append(BrowserStorage("sessionStorage"))
    return _SESSION[0]
