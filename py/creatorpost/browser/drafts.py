"""Drafts kept on the device, saved as the creator types, never silently overwritten.

Each save says which revision it started from. When the stored draft has moved on since
(another tab saved it), the save does not overwrite it: this tab's version becomes a new
draft and both sides survive. Storage is anything with get/set/remove/keys (localStorage
in the browser, a dict in tests).
"""

import json
import secrets
from dataclasses import dataclass
from typing import Any, Protocol

from creatorpost.browser.storage_keys import DRAFT as PREFIX
from creatorpost.browser.storage_keys import DRAFT_PREVIEWS as PREVIEWS
from creatorpost.browser.storage_keys import POST_OF


class KeyValue(Protocol):
    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str) -> None: ...
    def remove(self, key: str) -> None: ...
    def keys(self) -> list[str]: ...


@dataclass(frozen=True)
class Draft:
    id: str
    revision: int
    saved_at: float
    title: str
    document: str  # EditorDocument.content_json() (older drafts: to_json(), previews inside)

    def to_json(self) -> str:
        return json.dumps({"id": self.id, "revision": self.revision, "saved_at": self.saved_at,
                           "title": self.title, "document": self.document}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "Draft | None":
        try:
            data: Any = json.loads(text)
            if not isinstance(data["document"], str):
                return None
            return cls(str(data["id"]), int(data["revision"]), float(data["saved_at"]),
                       str(data.get("title", "")), data["document"])
        except (ValueError, KeyError, TypeError, OverflowError):  # Overflow: revision 1e999, a 400-digit time
            return None


@dataclass(frozen=True)
class Saved:
    draft: Draft
    forked_from: str | None = None  # set when another tab had moved the draft on


def new_draft_id() -> str:
    return "d_" + secrets.token_hex(8)


class DraftStore:
    def __init__(self, storage: KeyValue) -> None:
        self.storage = storage

    def load(self, draft_id: str) -> Draft | None:
        raw = self.storage.get(PREFIX + draft_id)
        return Draft.from_json(raw) if raw else None

    def save(self, draft_id: str, base_revision: int, title: str, document: str, now: float) -> Saved:
        """Write the document if nobody else moved the draft since base_revision; else fork."""
        stored = self.load(draft_id)
        if stored is not None and stored.revision != base_revision:
            if stored.document == document:
                return Saved(stored)
            fork = Draft(new_draft_id(), 1, now, title, document)
            self.storage.set(PREFIX + fork.id, fork.to_json())
            return Saved(fork, forked_from=draft_id)
        draft = Draft(draft_id, base_revision + 1, now, title, document)
        self.storage.set(PREFIX + draft_id, draft.to_json())
        return Saved(draft)

    def delete(self, draft_id: str) -> None:
        """The draft, its previews and its link to a post go (the post itself stays: My posts has it)."""
        self.storage.remove(PREFIX + draft_id)
        self.storage.remove(PREVIEWS + draft_id)
        self.storage.remove(POST_OF + draft_id)

    def save_previews(self, draft_id: str, previews: str) -> None:
        self.storage.set(PREVIEWS + draft_id, previews)

    def load_previews(self, draft_id: str) -> dict[str, dict[str, Any]]:
        raw = self.storage.get(PREVIEWS + draft_id)
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            return {}
        return {k: v for k, v in data.items() if isinstance(v, dict)} if isinstance(data, dict) else {}

    def all(self) -> list[Draft]:
        """Every draft on the device, newest first."""
        drafts = [self.load(key.removeprefix(PREFIX)) for key in self.storage.keys() if key.startswith(PREFIX)]
        return sorted((d for d in drafts if d is not None), key=lambda d: d.saved_at, reverse=True)
