"""The example articles in the database: which are there, and publishing one in one transaction
(its pictures' media rows, the post and its blocks), so a crash leaves all of it or none."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select

from creatorpost.server.store import tables as t
from creatorpost.server.store.db import Database, utcnow


@dataclass(frozen=True)
class StoredPicture:
    data: bytes
    format: str
    width: int
    height: int
    bytes: int


def existing_examples(db: Database, post_ids: list[str]) -> set[str]:
    with db.read() as conn:
        return set(conn.execute(select(t.posts.c.id).where(t.posts.c.id.in_(post_ids))).scalars())


def publish_example(db: Database, post_id: str, creator_id: str, post: dict[str, Any],
                    store_pictures: Callable[[], dict[str, StoredPicture]], rules_version: str) -> bool:
    """Store the example as a published post unless it is there already (another process may have
    won the race). `store_pictures` puts the files in the media store and gives their ids; it runs
    inside the transaction, once we know the post is missing. False when it was already there."""
    with db.write() as conn:
        db.one_at_a_time(conn, "examples")
        if conn.execute(select(t.posts.c.id).where(t.posts.c.id == post_id)).first() is not None:
            return False
        now = utcnow()
        pictures = store_pictures()
        known = set(conn.execute(select(t.media.c.id).where(t.media.c.id.in_(list(pictures)))).scalars())
        rows = [{"id": media_id, "creator_id": creator_id, "format": p.format, "width": p.width, "height": p.height,
                 "bytes": p.bytes, "created_at": now} for media_id, p in pictures.items() if media_id not in known]
        if rows:
            conn.execute(insert(t.media), rows)
        conn.execute(insert(t.posts).values(
            id=post_id, creator_id=creator_id, status="published", title=str(post.get("title") or ""), body=post,
            rules_version=rules_version, platform="desktop", created_at=now, review_due_at=now, reviewed_at=now,
            reasons=[]))
        blocks = [b for b in post.get("blocks") or [] if isinstance(b, dict)]
        if blocks:
            conn.execute(insert(t.post_blocks), [{"post_id": post_id, "position": i, "kind": str(b.get("kind", "")),
                                                  "data": b} for i, b in enumerate(blocks)])
        if pictures:  # a published post shows them: anyone may fetch them (routes/media.py)
            conn.execute(insert(t.post_media), [{"post_id": post_id, "media_id": media_id} for media_id in pictures])
    return True
