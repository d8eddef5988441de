"""Storing and reading posts. A post, its blocks and its idempotency record are written in
one transaction: after a crash there is either all of it or none of it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.exc import IntegrityError

from creatorpost.server import faults
from creatorpost.server.store import tables as t
from creatorpost.server.store.db import Database, as_utc, iso, utcnow
from creatorpost.server.store.media import referenced_media_ids


@dataclass(frozen=True)
class StoredAnswer:
    """What a request with an Idempotency-Key got the first time."""

    request_sha256: str
    status_code: int
    response: dict[str, Any]


@dataclass(frozen=True)
class PostRow:
    id: str
    creator_id: str
    status: str
    title: str
    body: dict[str, Any]
    rules_version: str
    platform: str
    created_at: datetime
    review_due_at: datetime
    reviewed_at: datetime | None
    reasons: list[dict[str, Any]]


def new_post_id() -> str:
    return "p_" + secrets.token_hex(10)


def stored_answer(conn: Connection, creator_id: str, key: str) -> StoredAnswer | None:
    row = conn.execute(
        select(t.idempotency_keys.c.request_sha256, t.idempotency_keys.c.status_code, t.idempotency_keys.c.response)
        .where(t.idempotency_keys.c.creator_id == creator_id, t.idempotency_keys.c.key == key)
    ).first()
    return StoredAnswer(row.request_sha256, row.status_code, row.response) if row else None


def find_answer(db: Database, creator_id: str, key: str) -> StoredAnswer | None:
    with db.read() as conn:
        return stored_answer(conn, creator_id, key)


def create_post(
    db: Database,
    *,
    creator_id: str,
    key: str,
    request_sha256: str,
    post: dict[str, Any],
    rules_version: str,
    platform: str,
    review_delay_seconds: float,
    answer_extra: dict[str, Any],
    fault_inject: str = "",
) -> StoredAnswer:
    """Store a new post and the answer for its key, or return the answer already stored for the
    key (a concurrent duplicate that won the race)."""
    post_id = new_post_id()
    now = utcnow()
    due = now + timedelta(seconds=review_delay_seconds)
    response = {"id": post_id, "status": "pending_review", "created_at": iso(now), "review_due_at": iso(due),
                **answer_extra, "url": f"/api/posts/{post_id}", "page_url": f"/p/{post_id}"}
    try:
        with db.write() as conn:
            earlier = stored_answer(conn, creator_id, key)
            if earlier is not None:
                return earlier
            title = post.get("title") if isinstance(post.get("title"), str) else ""
            conn.execute(insert(t.posts).values(
                id=post_id, creator_id=creator_id, status="pending_review", title=title, body=post,
                rules_version=rules_version, platform=platform, created_at=now, review_due_at=due))
            blocks = post.get("blocks") if isinstance(post.get("blocks"), list) else []
            if blocks:
                conn.execute(insert(t.post_blocks), [
                    {"post_id": post_id, "position": i, "kind": str(b.get("kind", "")), "data": b}
                    for i, b in enumerate(blocks) if isinstance(b, dict)
                ])
            _record_shown_media(conn, post_id, creator_id, post)
            if fault_inject == "publish-before-commit":
                faults.hang_before_commit(post_id)
            conn.execute(insert(t.idempotency_keys).values(
                creator_id=creator_id, key=key, request_sha256=request_sha256, post_id=post_id, status_code=202,
                response=response, created_at=now))
    except IntegrityError:
        # Another request with the same key committed between our check and our insert.
        winner = find_answer(db, creator_id, key)
        if winner is None:
            raise
        return winner
    return StoredAnswer(request_sha256, 202, response)


def _record_shown_media(conn: Connection, post_id: str, creator_id: str, post: dict[str, Any]) -> None:
    """`post_media` rows for the creator's media the post shows (validation made sure they are theirs)."""
    shown = sorted(set(referenced_media_ids(post)))
    if not shown:
        return
    owned = conn.execute(select(t.media.c.id).where(t.media.c.creator_id == creator_id, t.media.c.id.in_(shown)))
    rows = [{"post_id": post_id, "media_id": media_id} for media_id in owned.scalars()]
    if rows:
        conn.execute(insert(t.post_media), rows)


def _row(r: Any) -> PostRow:
    return PostRow(r.id, r.creator_id, r.status, r.title, r.body, r.rules_version, r.platform,
                   as_utc(r.created_at), as_utc(r.review_due_at), as_utc(r.reviewed_at),  # type: ignore[arg-type]
                   list(r.reasons or []))


def get_post(db: Database, post_id: str) -> PostRow | None:
    with db.read() as conn:
        row = conn.execute(select(t.posts).where(t.posts.c.id == post_id)).first()
    return _row(row) if row else None


def posts_of(db: Database, creator_id: str, *, published_only: bool = False, limit: int = 100,
             offset: int = 0) -> list[PostRow]:
    query = select(t.posts).where(t.posts.c.creator_id == creator_id)
    if published_only:
        query = query.where(t.posts.c.status == "published")
    query = query.order_by(t.posts.c.created_at.desc(), t.posts.c.id).limit(limit).offset(offset)
    with db.read() as conn:
        return [_row(r) for r in conn.execute(query)]


def count_posts_of(db: Database, creator_id: str, *, published_only: bool = False) -> int:
    query = select(func.count()).select_from(t.posts).where(t.posts.c.creator_id == creator_id)
    if published_only:
        query = query.where(t.posts.c.status == "published")
    with db.read() as conn:
        return int(conn.execute(query).scalar_one())
