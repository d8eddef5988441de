"""Which post a draft became. Once Create has been answered, the draft remembers the post's id, the
revision it sent (what the next update's If-Match names), the post's status and its public link;
from then on Create sends an update of that post, never a second post. Kept beside the draft on the
device, so it survives restarts and every tab sees it (a storage event tells the others).
"""

import json
from dataclasses import dataclass, field, replace
from typing import Any

from creatorpost.browser.drafts import KeyValue
from creatorpost.browser.storage_keys import LEGACY_SENT, POST_OF


@dataclass(frozen=True)
class PostLink:
    post_id: str
    revision: int  # the revision this draft was sent as or opened from; 0: not known yet
    status: str  # the post's newest status as last heard: pending_review, published, rejected, ...
    url: str | None = None  # the public page while a revision is published
    reasons: list[dict[str, Any]] = field(default_factory=list)  # why the newest revision was rejected

    @property
    def published(self) -> bool:
        return self.url is not None

    def to_json(self) -> str:
        return json.dumps({"post_id": self.post_id, "revision": self.revision, "status": self.status,
                           "url": self.url, "reasons": self.reasons}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "PostLink | None":
        try:
            data: Any = json.loads(text)
            url = data.get("url")
            reasons = data.get("reasons")
            return cls(str(data["post_id"]), int(data["revision"]), str(data["status"]),
                       url if isinstance(url, str) else None,
                       [r for r in reasons if isinstance(r, dict)] if isinstance(reasons, list) else [])
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
            return None


class PostLinks:
    def __init__(self, storage: KeyValue) -> None:
        self.storage = storage

    def get(self, draft_id: str) -> PostLink | None:
        raw = self.storage.get(POST_OF + draft_id)
        return PostLink.from_json(raw) if raw else None

    def sent(self, draft_id: str, link: PostLink) -> PostLink:
        """The endpoint took this draft as `link.revision`: an older record (another tab's) never wins."""
        stored = self.get(draft_id)
        if stored is not None and stored.post_id == link.post_id and stored.revision > link.revision:
            return stored
        self.storage.set(POST_OF + draft_id, link.to_json())
        return link

    def heard(self, draft_id: str, status: str, url: str | None, reasons: list[dict[str, Any]],
              newest_revision: int) -> PostLink | None:
        """What the endpoint now says of the post (its status and page). The revision stays the one this
        draft was sent as, so an update made elsewhere meanwhile is a conflict, never overwritten;
        only a revision not known yet (0, from an earlier version) is learnt here."""
        stored = self.get(draft_id)
        if stored is None:
            return None
        revision = stored.revision or newest_revision
        updated = replace(stored, status=status, url=url, reasons=reasons, revision=revision)
        if updated != stored:
            self.storage.set(POST_OF + draft_id, updated.to_json())
        return updated

    def forget(self, draft_id: str) -> None:
        self.storage.remove(POST_OF + draft_id)

    def drafts_of(self, post_id: str) -> list[str]:
        """The drafts on this device that became this post."""
        found = []
        for key in self.storage.keys():
            if key.startswith(POST_OF):
                link = self.get(key.removeprefix(POST_OF))
                if link is not None and link.post_id == post_id:
                    found.append(key.removeprefix(POST_OF))
        return sorted(found)

    def adopt_legacy(self) -> None:
        """Earlier versions kept only the post id (`creatorpost.sent.<draft>`): its revision is learnt later."""
        for key in self.storage.keys():
            if key.startswith(LEGACY_SENT):
                post_id = self.storage.get(key)
                draft_id = key.removeprefix(LEGACY_SENT)
                if post_id and self.get(draft_id) is None:
                    self.storage.set(POST_OF + draft_id, PostLink(post_id, 0, "pending_review").to_json())
                self.storage.remove(key)
