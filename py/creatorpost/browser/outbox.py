"""Posts waiting to be sent: Create works offline and sends exactly once when the network returns.

Each entry carries the Idempotency-Key made when the creator pressed Create; every retry,
from any tab, sends the same key, so the endpoint makes one post whatever happens. An entry for a
draft that already became a post is an update of it (`post_id`, from `base_revision`): sent as
PUT with If-Match, under its own key too.
"""

import json
import secrets
from dataclasses import dataclass
from typing import Any

from creatorpost.browser.drafts import KeyValue
from creatorpost.browser.storage_keys import OUTBOX as PREFIX


@dataclass(frozen=True)
class Pending:
    key: str  # the Idempotency-Key
    draft_id: str
    post: dict[str, Any]
    queued_at: float
    post_id: str | None = None  # set: an update of this post
    base_revision: int | None = None  # the revision the update starts from (its If-Match)

    @property
    def is_update(self) -> bool:
        return self.post_id is not None

    def to_json(self) -> str:
        return json.dumps({"key": self.key, "draft_id": self.draft_id, "post": self.post,
                           "queued_at": self.queued_at, "post_id": self.post_id,
                           "base_revision": self.base_revision}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "Pending | None":
        try:
            data: Any = json.loads(text)
            post_id, base = data.get("post_id"), data.get("base_revision")
            return cls(str(data["key"]), str(data["draft_id"]), dict(data["post"]), float(data["queued_at"]),
                       str(post_id) if post_id is not None else None, int(base) if base is not None else None)
        except (ValueError, KeyError, TypeError, OverflowError, AttributeError):  # Overflow: a 400-digit queued_at
            return None


class Outbox:
    def __init__(self, storage: KeyValue) -> None:
        self.storage = storage

    def queue(self, draft_id: str, post: dict[str, Any], now: float, *, post_id: str | None = None,
              base_revision: int | None = None) -> Pending:
        """One entry per draft: pressing Create (or Update post) again on the same post keeps the first key."""
        existing = self.for_draft(draft_id)
        if existing is not None and (existing.post, existing.post_id, existing.base_revision) == (
                post, post_id, base_revision):
            return existing
        pending = Pending(secrets.token_hex(16), draft_id, post, now, post_id, base_revision)
        self.storage.set(PREFIX + draft_id, pending.to_json())
        return pending

    def for_draft(self, draft_id: str) -> Pending | None:
        raw = self.storage.get(PREFIX + draft_id)
        return Pending.from_json(raw) if raw else None

    def done(self, draft_id: str) -> None:
        self.storage.remove(PREFIX + draft_id)

    def all(self) -> list[Pending]:
        found = [self.for_draft(k.removeprefix(PREFIX)) for k in self.storage.keys() if k.startswith(PREFIX)]
        return sorted((p for p in found if p is not None), key=lambda p: p.queued_at)
