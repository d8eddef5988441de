"""The example articles in the database: which are there, and publishing one in one transaction
(its pictures' media rows, the post and its one published revision with its blocks), so a crash
leaves all of it or none."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select

from creatorpost.server.store import tables as t
from creatorpost.server.store.db import Database, utcnow
from creatorpost.server.store.posts import PUBLISHED, write_revision


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
        conn.execute(insert(t.posts).values(id=post_id, creator_id=creator_id, revision=1, published_revision=1,
                                            created_at=now, updated_at=now))
        write_revision(conn, post_id, 1, post, rules_version=rules_version, platform="desktop", now=now, due=now,
                       status=PUBLISHED, reviewed_at=now)
    return True
