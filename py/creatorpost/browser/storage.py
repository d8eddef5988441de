"""The browser's localStorage as the KeyValue that drafts and the outbox use."""

import js

from creatorpost.browser.dom import stored


class StorageFull(Exception):
    """The device refused to store more (quota exceeded)."""


class LocalStorage:
    def get(self, key: str) -> str | None:
        return stored(js.localStorage, key)

    def set(self, key: str, value: str) -> None:
        try:
            js.localStorage.setItem(key, value)
        except Exception as error:  # a JsException; its name says QuotaExceededError
            raise StorageFull(str(error)) from error

    def remove(self, key: str) -> None:
        js.localStorage.removeItem(key)

    def keys(self) -> list[str]:
        return [str(js.localStorage.key(i)) for i in range(int(js.localStorage.length))]
