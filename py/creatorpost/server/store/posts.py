"""Storing and reading posts and their revisions (docs/ARCHITECTURE.md, "Posts and their revisions").

A post is a row of `posts` plus its revisions: Create writes revision 1, each update the next one,
and review publishes or rejects one revision at a time. `posts.revision` is the newest revision
(the one an update's If-Match must name), `posts.published_revision` the one readers see, so a
published version stays in place until an update passes review. Every change (the post, its
blocks, the media it shows, the idempotency record) is one transaction: after a crash there is
either all of it or none of it.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from creatorpost.server import faults
from creatorpost.server.store import tables as t
from creatorpost.server.store.db import Database, as_utc, iso, utcnow
from creatorpost.server.store.media import referenced_media_ids

PENDING, PUBLISHED, REJECTED, WITHDRAWN = "pending_review", "published", "rejected", "withdrawn"
# The review desk: a revision the automatic checks handed to a person. Its creator and readers still see
# `pending_review` (`_listed`); the worker never claims it (it claims PENDING only).
HUMAN_REVIEW = "human_review"
UNDECIDED = (PENDING, HUMAN_REVIEW)


@dataclass(frozen=True)
class StoredAnswer:
    """What a request with an Idempotency-Key got the first time."""

    request_sha256: str
    status_code: int
    response: dict[str, Any]


@dataclass(frozen=True)
class Post:
    id: str
    creator_id: str
    revision: int  # the newest
    published_revision: int | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@dataclass(frozen=True)
class Revision:
    post_id: str
    revision: int
    status: str
    title: str
    body: dict[str, Any]
    rules_version: str
    platform: str
    created_at: datetime
    review_due_at: datetime
    reviewed_at: datetime | None
    reasons: list[dict[str, Any]]


@dataclass(frozen=True)
class Listed:
    """A post with one of its revisions: the newest (the creator's list) or the published one (profiles)."""

    post: Post
    revision: Revision


@dataclass(frozen=True)
class Conflict:
    """An update named a revision that is not the newest any more."""

    current_revision: int


Missing = Literal["not_found", "deleted"]


def new_post_id() -> str:
    return "p_" + secrets.token_hex(10)


def _title(post: dict[str, Any]) -> str:
    title = post.get("title")
    return title if isinstance(title, str) else ""


# -- idempotency ---------------------------------------------------------------------------
def stored_answer(conn: Connection, creator_id: str, key: str) -> StoredAnswer | None:
    row = conn.execute(
        select(t.idempotency_keys.c.request_sha256, t.idempotency_keys.c.status_code, t.idempotency_keys.c.response)
        .where(t.idempotency_keys.c.creator_id == creator_id, t.idempotency_keys.c.key == key)
    ).first()
    return StoredAnswer(row.request_sha256, row.status_code, row.response) if row else None


def find_answer(db: Database, creator_id: str, key: str) -> StoredAnswer | None:
    with db.read() as conn:
        return stored_answer(conn, creator_id, key)


# -- writing -------------------------------------------------------------------------------
def write_revision(conn: Connection, post_id: str, number: int, post: dict[str, Any], *, rules_version: str,
                   platform: str, now: datetime, due: datetime, status: str = PENDING,
                   reviewed_at: datetime | None = None) -> None:
    """One revision with its blocks and the media it shows, inside the caller's transaction (a new
    post's or an update's; the example articles are written published at once)."""
    conn.execute(insert(t.post_revisions).values(
        post_id=post_id, revision=number, status=status, title=_title(post), body=post, rules_version=rules_version,
        platform=platform, created_at=now, review_due_at=due, reviewed_at=reviewed_at,
        reasons=[] if reviewed_at is not None else None))
    blocks = post.get("blocks")
    rows = [{"post_id": post_id, "revision": number, "position": i, "kind": str(b.get("kind", "")), "data": b}
            for i, b in enumerate(blocks if isinstance(blocks, list) else []) if isinstance(b, dict)]
    if rows:
        conn.execute(insert(t.post_blocks), rows)
    _record_shown_media(conn, post_id, number, post)


def _record_shown_media(conn: Connection, post_id: str, number: int, post: dict[str, Any]) -> None:
    """`post_media` rows for the media this revision shows that belong to the post's creator
    (validation made sure every one does; a foreign id never becomes public through someone's post)."""
    shown = sorted(set(referenced_media_ids(post)))
    if not shown:
        return
    owned = conn.execute(select(t.media.c.id)
                         .join(t.posts, t.posts.c.creator_id == t.media.c.creator_id)
                         .where(t.posts.c.id == post_id, t.media.c.id.in_(shown))).scalars()
    rows = [{"post_id": post_id, "revision": number, "media_id": media_id} for media_id in owned]
    if rows:
        conn.execute(insert(t.post_media), rows)


def show_revision(conn: Connection, post_id: str, revision: int, now: datetime) -> None:
    """Readers see `revision` from now on (in the caller's transaction, which marked it published): unless
    the post was deleted meanwhile or a newer revision is already published."""
    conn.execute(update(t.posts)
                 .where(t.posts.c.id == post_id, t.posts.c.deleted_at.is_(None),
                        or_(t.posts.c.published_revision.is_(None), t.posts.c.published_revision < revision))
                 .values(published_revision=revision, updated_at=now))


def _remember(conn: Connection, creator_id: str, key: str, request_sha256: str, post_id: str,
              response: dict[str, Any], now: datetime) -> None:
    conn.execute(insert(t.idempotency_keys).values(
        creator_id=creator_id, key=key, request_sha256=request_sha256, post_id=post_id, status_code=202,
        response=response, created_at=now))


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
    """Store a new post (revision 1) and the answer for its key, or return the answer already stored
    for the key (a concurrent duplicate that won the race)."""
    post_id = new_post_id()
    now = utcnow()
    due = now + timedelta(seconds=review_delay_seconds)
    response = {"id": post_id, "status": PENDING, "revision": 1, "created_at": iso(now), "updated_at": iso(now),
                "review_due_at": iso(due), **answer_extra, "url": f"/api/posts/{post_id}", "page_url": f"/p/{post_id}"}
    try:
        with db.write() as conn:
            earlier = stored_answer(conn, creator_id, key)
            if earlier is not None:
                return earlier
            conn.execute(insert(t.posts).values(id=post_id, creator_id=creator_id, revision=1, published_revision=None,
                                                created_at=now, updated_at=now))
            write_revision(conn, post_id, 1, post, rules_version=rules_version, platform=platform, now=now, due=due)
            if fault_inject == "publish-before-commit":
                faults.hang_before_commit(post_id)
            _remember(conn, creator_id, key, request_sha256, post_id, response, now)
    except IntegrityError:
        # Another request with the same key committed between our check and our insert.
        winner = find_answer(db, creator_id, key)
        if winner is None:
            raise
        return winner
    return StoredAnswer(request_sha256, 202, response)


def update_post(
    db: Database,
    *,
    creator_id: str,
    post_id: str,
    base_revision: int,
    key: str | None,
    request_sha256: str,
    post: dict[str, Any],
    rules_version: str,
    platform: str,
    review_delay_seconds: float,
    answer_extra: dict[str, Any],
) -> StoredAnswer | Conflict | Missing:
    """Add revision `base_revision + 1` for review when `base_revision` is still the newest.

    A pending revision that the update overtakes is withdrawn (never reviewed, never published);
    the published one stays until the new one passes review. With a key, a repeated request gets
    the first answer back."""
    now = utcnow()
    due = now + timedelta(seconds=review_delay_seconds)
    number = base_revision + 1
    try:
        with db.write() as conn:
            if key is not None and (earlier := stored_answer(conn, creator_id, key)) is not None:
                return earlier
            row = conn.execute(select(t.posts).where(t.posts.c.id == post_id, t.posts.c.creator_id == creator_id)
                               .with_for_update()).first()
            if row is None:
                return "not_found"
            if row.deleted_at is not None:
                return "deleted"
            moved = conn.execute(update(t.posts).where(t.posts.c.id == post_id, t.posts.c.revision == base_revision,
                                                       t.posts.c.deleted_at.is_(None))
                                 .values(revision=number, updated_at=now)).rowcount
            if not moved:
                return Conflict(int(row.revision))
            conn.execute(update(t.post_revisions)
                         .where(t.post_revisions.c.post_id == post_id, t.post_revisions.c.status.in_(UNDECIDED))
                         .values(status=WITHDRAWN, reviewed_at=now))
            write_revision(conn, post_id, number, post, rules_version=rules_version, platform=platform, now=now,
                            due=due)
            response = {"id": post_id, "status": PENDING, "revision": number,
                        "published_revision": row.published_revision, "created_at": iso(row.created_at),
                        "updated_at": iso(now), "review_due_at": iso(due), **answer_extra,
                        "url": f"/api/posts/{post_id}", "page_url": f"/p/{post_id}"}
            if key is not None:
                _remember(conn, creator_id, key, request_sha256, post_id, response, now)
    except IntegrityError:
        # PostgreSQL: the same key (or the same next revision) committed by a concurrent request.
        if key is not None and (winner := find_answer(db, creator_id, key)) is not None:
            return winner
        current = get_post(db, post_id)
        if current is None:
            raise
        return Conflict(current.revision)
    return StoredAnswer(request_sha256, 202, response)


def delete_post(db: Database, creator_id: str, post_id: str) -> Literal["deleted", "not_found"]:
    """Take a post down: readers get 410 from now on, its text and revisions are erased, its media
    stop being public unless another published post shows them. Deleting twice is still deleted."""
    now = utcnow()
    with db.write() as conn:
        row = conn.execute(select(t.posts).where(t.posts.c.id == post_id, t.posts.c.creator_id == creator_id)
                           .with_for_update()).first()
        if row is None:
            return "not_found"
        if row.deleted_at is None:
            conn.execute(update(t.posts).where(t.posts.c.id == post_id)
                         .values(deleted_at=now, updated_at=now, published_revision=None))
            for table in (t.post_media, t.post_blocks, t.post_revisions):
                conn.execute(delete(table).where(table.c.post_id == post_id))
    return "deleted"


def decide_revision(db: Database, post_id: str, revision: int, *, claimed_by: str,
                    reasons: list[dict[str, Any]],
                    also: Callable[[Connection, str, datetime], None] | None = None) -> str | None:
    """Record review's decision on one revision held by `claimed_by` (a worker; the reviewers' desk decides in
    `store/review_queue.decide`): `published` without reasons, `rejected` with them. Publishing makes it the
    revision readers see, in the same transaction, unless the post was deleted meanwhile or a later revision
    is already published; `also(conn, status, now)` runs in it too (the worker records its decision). None
    when the claim is no longer theirs or the revision no longer waits (taken over, withdrawn by a newer
    update, erased by a deletion): nothing changed."""
    status = REJECTED if reasons else PUBLISHED
    now = utcnow()
    rev = t.post_revisions.c
    with db.write() as conn:
        # The post's row first, then its revision: the order update_post and delete_post lock them in, so
        # a decision and an update arriving together wait for each other instead of deadlocking.
        conn.execute(select(t.posts.c.id).where(t.posts.c.id == post_id).with_for_update())
        done = conn.execute(
            update(t.post_revisions)
            .where(rev.post_id == post_id, rev.revision == revision, rev.status == PENDING, rev.claimed_by == claimed_by)
            .values(status=status, reasons=reasons, reviewed_at=now)
        ).rowcount
        if not done:
            return None
        if status == PUBLISHED:
            show_revision(conn, post_id, revision, now)
        else:
            conn.execute(update(t.posts).where(t.posts.c.id == post_id).values(updated_at=now))
        if also is not None:
            also(conn, status, now)
    return status


# -- reading -------------------------------------------------------------------------------
def _post(r: Any) -> Post:
    return Post(r.id, r.creator_id, int(r.revision), r.published_revision, as_utc(r.created_at),  # type: ignore[arg-type]
                as_utc(r.updated_at), as_utc(r.deleted_at))  # type: ignore[arg-type]


def get_post(db: Database, post_id: str) -> Post | None:
    with db.read() as conn:
        row = conn.execute(select(t.posts).where(t.posts.c.id == post_id)).first()
    return _post(row) if row else None


def post_with_revision(db: Database, post_id: str, *, published: bool) -> tuple[Post, Revision | None] | None:
    """A post with its newest (or its published) revision, read in one statement: never a revision
    that does not belong with the post row beside it, even while review is publishing it."""
    number = t.posts.c.published_revision if published else t.posts.c.revision
    query = (select(*_listing_columns()).select_from(
        t.posts.outerjoin(t.post_revisions, and_(t.post_revisions.c.post_id == t.posts.c.id,
                                                 t.post_revisions.c.revision == number)))
             .where(t.posts.c.id == post_id))
    with db.read() as conn:
        row = conn.execute(query).first()
    if row is None:
        return None
    listed = _listed(row) if row.status is not None else None
    return (listed.post, listed.revision) if listed else (_post(row), None)


def _newest_join() -> Any:
    return t.posts.join(t.post_revisions, and_(t.post_revisions.c.post_id == t.posts.c.id,
                                               t.post_revisions.c.revision == t.posts.c.revision))


def _published_join() -> Any:
    return t.posts.join(t.post_revisions, and_(t.post_revisions.c.post_id == t.posts.c.id,
                                               t.post_revisions.c.revision == t.posts.c.published_revision))


def _listed(r: Any) -> Listed:
    status = PENDING if r.status == HUMAN_REVIEW else r.status  # waiting for a person is still waiting for review
    revision = Revision(r.id, int(r.rev_revision), status, r.title, r.body, r.rules_version, r.platform,
                        as_utc(r.rev_created_at), as_utc(r.review_due_at), as_utc(r.reviewed_at),  # type: ignore[arg-type]
                        list(r.reasons or []))
    return Listed(_post(r), revision)


def _listing_columns() -> list[Any]:
    rev = t.post_revisions.c
    return [*t.posts.c, rev.revision.label("rev_revision"), rev.status, rev.title, rev.body, rev.rules_version, rev.platform,
            rev.created_at.label("rev_created_at"), rev.review_due_at, rev.reviewed_at, rev.reasons]


# A cursor is where the previous page ended: (created_at, id) of its last post, opaque to clients.
def encode_cursor(post: Post) -> str:
    raw = json.dumps([iso(post.created_at), post.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str] | None:
    try:
        created, post_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        when = datetime.fromisoformat(str(created).replace("Z", "+00:00"))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return None
    if when.tzinfo is None or not isinstance(post_id, str):
        return None
    return when, post_id


def posts_page(db: Database, creator_id: str, *, after: tuple[datetime, str] | None = None,
               limit: int = 20) -> tuple[list[Listed], bool]:
    """The creator's posts that are not deleted, newest first, each with its newest revision; and
    whether more follow. Ordered by creation (an update does not move a post), so pages never skip."""
    query = (select(*_listing_columns()).select_from(_newest_join())
             .where(t.posts.c.creator_id == creator_id, t.posts.c.deleted_at.is_(None)))
    if after is not None:
        created, post_id = after
        query = query.where(or_(t.posts.c.created_at < created,
                                and_(t.posts.c.created_at == created, t.posts.c.id < post_id)))
    query = query.order_by(t.posts.c.created_at.desc(), t.posts.c.id.desc()).limit(limit + 1)
    with db.read() as conn:
        rows = [_listed(r) for r in conn.execute(query)]
    return rows[:limit], len(rows) > limit


def _published_live() -> Any:
    return (select(*_listing_columns()).select_from(_published_join())
            .where(t.posts.c.deleted_at.is_(None)))


def published_posts_of(db: Database, creator_id: str, *, limit: int = 100, offset: int = 0) -> list[Listed]:
    """What a creator's profile lists: each live post with the revision readers see, newest first."""
    query = (_published_live().where(t.posts.c.creator_id == creator_id)
             .order_by(t.posts.c.created_at.desc(), t.posts.c.id.desc()).limit(limit).offset(offset))
    with db.read() as conn:
        return [_listed(r) for r in conn.execute(query)]


def count_published_posts_of(db: Database, creator_id: str) -> int:
    query = (select(func.count()).select_from(t.posts)
             .where(t.posts.c.creator_id == creator_id, t.posts.c.deleted_at.is_(None),
                    t.posts.c.published_revision.is_not(None)))
    with db.read() as conn:
        return int(conn.execute(query).scalar_one())


def published_post(db: Database, post_id: str) -> Listed | None:
    """A live post with the revision readers see, or None (unknown, not published yet, deleted)."""
    with db.read() as conn:
        row = conn.execute(_published_live().where(t.posts.c.id == post_id)).first()
    return _listed(row) if row is not None else None
