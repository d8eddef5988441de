"""The queue of revisions waiting for a person, and the decisions taken on them (docs/ARCHITECTURE.md,
"The review desk").

The review worker hands a revision over (`hand_to_reviewers`: its status becomes `human_review`, a row of
`review_queue` says why and what the automatic checks found). A reviewer claims it for a while (`claim`);
the claim is one guarded UPDATE, so of two reviewers racing for a post exactly one gets it, on SQLite
(writers take turns) as on PostgreSQL (the second UPDATE waits for the first and then finds the row
taken). A decision (`decide`) publishes or rejects the revision, drops its queue row and records who
decided what, in one transaction; a revision the creator replaced meanwhile is no longer there to decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, update

from creatorpost.server.store import tables as t
from creatorpost.server.store.db import Database, as_utc
from creatorpost.server.store.posts import HUMAN_REVIEW, PENDING, PUBLISHED, REJECTED, show_revision
from creatorpost.server.store.review_decisions import Outcome, record_decision

Why = Literal["flagged", "sample", "every"]
WHYS: tuple[Why, ...] = ("flagged", "sample", "every")


@dataclass(frozen=True)
class QueueItem:
    post_id: str
    revision: int
    title: str
    creator_id: str
    creator_handle: str
    creator_name: str
    creator_level: str
    why: str
    findings: list[dict[str, Any]]
    language: str | None
    created_at: datetime  # when this revision was sent (Create or an update): the promise counts from here
    queued_at: datetime
    claimed_by: str | None  # a reviewer's id
    claimed_by_handle: str | None
    claim_expires_at: datetime | None
    body: dict[str, Any]

    def claimed_by_other(self, reviewer_id: str, now: datetime) -> bool:
        return (self.claimed_by is not None and self.claimed_by != reviewer_id
                and self.claim_expires_at is not None and self.claim_expires_at > now)


@dataclass(frozen=True)
class Taken:
    """Another reviewer holds the post until `until`."""

    handle: str
    until: datetime


@dataclass(frozen=True)
class Gone:
    """Nothing of this post waits for a person: `decided` (someone already did), `withdrawn` (the creator
    sent a newer version or deleted the post), `not_waiting` (never handed to a person, or unknown)."""

    why: Literal["decided", "withdrawn", "not_waiting"]


@dataclass(frozen=True)
class Outdated:
    """The revision named is not the one waiting: the creator sent `waiting` since."""

    waiting: int


# -- handing over (the review worker) ------------------------------------------------------
def flags_text(findings: list[dict[str, Any]]) -> str:
    return " " + " ".join(sorted({str(f.get("code")) for f in findings})) + " " if findings else " "


def hand_to_reviewers(db: Database, post_id: str, revision: int, worker_id: str, why: Why,
                      findings: list[dict[str, Any]], language: str | None, now: datetime) -> bool:
    """The revision this worker holds waits for a person from now on, with what the checks found."""
    rev = t.post_revisions.c
    with db.write() as conn:
        done = conn.execute(update(t.post_revisions)
                            .where(rev.post_id == post_id, rev.revision == revision, rev.status == PENDING,
                                   rev.claimed_by == worker_id)
                            .values(status=HUMAN_REVIEW, claimed_by=None, claimed_at=None)).rowcount
        if done:
            conn.execute(insert(t.review_queue).values(post_id=post_id, revision=revision, why=why, findings=findings,
                                                       flags=flags_text(findings), language=language, queued_at=now))
    return bool(done)


# -- reading the queue ---------------------------------------------------------------------
def _item_query() -> Any:
    q, rev, creators = t.review_queue.c, t.post_revisions.c, t.creators.c
    holder = t.reviewers.alias("holder")
    return (select(q.post_id, q.revision, rev.title, rev.body, rev.created_at, q.why, q.findings, q.language,
                   q.queued_at, q.claimed_by, q.claim_expires_at, t.posts.c.creator_id, creators.handle,
                   creators.display_name, creators.level, holder.c.handle.label("holder_handle"))
            .select_from(t.review_queue
                         .join(t.post_revisions, and_(rev.post_id == q.post_id, rev.revision == q.revision))
                         .join(t.posts, t.posts.c.id == q.post_id)
                         .join(t.creators, creators.id == t.posts.c.creator_id)
                         .outerjoin(holder, holder.c.id == q.claimed_by))
            .where(rev.status == HUMAN_REVIEW))


def _item(row: Any) -> QueueItem:
    return QueueItem(row.post_id, int(row.revision), row.title, row.creator_id, row.handle, row.display_name, row.level,
                     row.why, list(row.findings or []), row.language, as_utc(row.created_at),  # type: ignore[arg-type]
                     as_utc(row.queued_at), row.claimed_by, row.holder_handle,  # type: ignore[arg-type]
                     as_utc(row.claim_expires_at), dict(row.body or {}))


def _filtered(query: Any, language: str | None, flag: str | None) -> Any:
    q = t.review_queue.c
    if language:
        query = query.where(q.language == language)
    if flag in WHYS:
        query = query.where(q.why == flag)
    elif flag:
        query = query.where(q.flags.contains(f" {flag} ", autoescape=True))
    return query


def queue_page(db: Database, *, language: str | None = None, flag: str | None = None,
               limit: int = 50) -> tuple[list[QueueItem], int]:
    """Waiting revisions, the one sent longest ago (due first) first; and how many match in all."""
    rev = t.post_revisions.c
    query = _filtered(_item_query(), language, flag).order_by(rev.created_at, t.review_queue.c.post_id).limit(limit)
    count = _filtered(select(func.count()).select_from(
        t.review_queue.join(t.post_revisions, and_(rev.post_id == t.review_queue.c.post_id,
                                                   rev.revision == t.review_queue.c.revision)))
        .where(rev.status == HUMAN_REVIEW), language, flag)
    with db.read() as conn:
        items = [_item(r) for r in conn.execute(query)]
        total = int(conn.execute(count).scalar_one())
    return items, total


def waiting_item(db: Database, post_id: str) -> QueueItem | None:
    """The post's revision that waits for a person, if one does."""
    with db.read() as conn:
        row = conn.execute(_item_query().where(t.review_queue.c.post_id == post_id)).first()
    return _item(row) if row is not None else None


def creator_history(db: Database, creator_ids: list[str]) -> dict[str, tuple[int, int]]:
    """creator id -> (live posts with a published version, revisions rejected so far)."""
    if not creator_ids:
        return {}
    posts, decisions = t.posts.c, t.review_decisions.c
    with db.read() as conn:
        published: dict[str, int] = dict(conn.execute(
            select(posts.creator_id, func.count()).where(posts.creator_id.in_(creator_ids), posts.deleted_at.is_(None),
                                                         posts.published_revision.is_not(None))
            .group_by(posts.creator_id)).all())
        rejected: dict[str, int] = dict(conn.execute(
            select(decisions.creator_id, func.count()).where(decisions.creator_id.in_(creator_ids),
                                                             decisions.outcome == "rejected")
            .group_by(decisions.creator_id)).all())
    return {c: (int(published.get(c, 0)), int(rejected.get(c, 0))) for c in creator_ids}


# -- claiming ------------------------------------------------------------------------------
def _waiting(conn: Connection, post_id: str) -> QueueItem | None:
    row = conn.execute(_item_query().where(t.review_queue.c.post_id == post_id)
                       .with_for_update(of=t.review_queue)).first()
    return _item(row) if row is not None else None


def _gone(conn: Connection, post_id: str, revision: int | None) -> Gone:
    rev = t.post_revisions.c
    post = conn.execute(select(t.posts.c.revision, t.posts.c.deleted_at).where(t.posts.c.id == post_id)).first()
    if post is None:
        return Gone("not_waiting")
    if post.deleted_at is not None:
        return Gone("withdrawn")
    number = revision if revision is not None else int(post.revision)
    status = conn.execute(select(rev.status).where(rev.post_id == post_id, rev.revision == number)).scalar()
    decided = conn.execute(select(t.review_decisions.c.id).where(
        t.review_decisions.c.post_id == post_id, t.review_decisions.c.revision == number,
        t.review_decisions.c.reviewer_id.is_not(None)).limit(1)).first()
    if status in (PUBLISHED, REJECTED) and decided is not None:
        return Gone("decided")
    if status == "withdrawn":
        return Gone("withdrawn")
    return Gone("not_waiting")


def _taken(conn: Connection, post_id: str, revision: int, now: datetime) -> Taken:
    """Who holds the post, read afresh: a row read while waiting for another reviewer's claim to commit
    (PostgreSQL) has that claim's columns but not the reviewer joined to them."""
    q = t.review_queue.c
    row = conn.execute(select(t.reviewers.c.handle, q.claim_expires_at)
                       .join(t.reviewers, t.reviewers.c.id == q.claimed_by)
                       .where(q.post_id == post_id, q.revision == revision)).first()
    if row is None:
        return Taken("?", now)
    return Taken(row.handle, as_utc(row.claim_expires_at) or now)


def claim(db: Database, post_id: str, reviewer_id: str, now: datetime, lasts: timedelta) -> QueueItem | Taken | Gone:
    """This reviewer holds the post until `now + lasts` (again, when they held it already), unless another
    reviewer's claim still runs."""
    q = t.review_queue.c
    with db.write() as conn:
        item = _waiting(conn, post_id)
        if item is None:
            return _gone(conn, post_id, None)
        taken = conn.execute(update(t.review_queue)
                             .where(q.post_id == post_id, q.revision == item.revision,
                                    or_(q.claimed_by.is_(None), q.claimed_by == reviewer_id, q.claim_expires_at <= now))
                             .values(claimed_by=reviewer_id, claim_expires_at=now + lasts)).rowcount
        if not taken:
            return _taken(conn, post_id, item.revision, now)
        return _waiting(conn, post_id) or item


def release(db: Database, post_id: str, reviewer_id: str) -> None:
    """Let others take the post at once (the reviewer moved on without deciding)."""
    q = t.review_queue.c
    with db.write() as conn:
        conn.execute(update(t.review_queue).where(q.post_id == post_id, q.claimed_by == reviewer_id)
                     .values(claimed_by=None, claim_expires_at=None))


# -- deciding ------------------------------------------------------------------------------
def decide(db: Database, post_id: str, reviewer_id: str, revision: int | None, outcome: Outcome,
           reasons: list[dict[str, Any]], note: str | None, now: datetime) -> QueueItem | Taken | Gone | Outdated:
    """Publish (approved) or reject the waiting revision, record the decision, and take it off the queue.

    Allowed unless another reviewer's claim still runs; `revision`, when given, must be the waiting one."""
    rev = t.post_revisions.c
    with db.write() as conn:
        # The post first, as an update and a deletion lock it before its revisions (PostgreSQL would
        # otherwise deadlock a decision arriving with either: each holding what the other waits for).
        conn.execute(select(t.posts.c.id).where(t.posts.c.id == post_id).with_for_update())
        item = _waiting(conn, post_id)
        if item is None:
            return _gone(conn, post_id, revision)
        if revision is not None and revision != item.revision:
            return Outdated(item.revision)
        if item.claimed_by_other(reviewer_id, now):
            return _taken(conn, post_id, item.revision, now)
        status = PUBLISHED if outcome == "approved" else REJECTED
        done = conn.execute(update(t.post_revisions)
                            .where(rev.post_id == post_id, rev.revision == item.revision, rev.status == HUMAN_REVIEW)
                            .values(status=status, reasons=reasons, reviewed_at=now)).rowcount
        if not done:
            return _gone(conn, post_id, item.revision)
        if status == PUBLISHED:
            show_revision(conn, post_id, item.revision, now)
        else:
            conn.execute(update(t.posts).where(t.posts.c.id == post_id).values(updated_at=now))
        conn.execute(delete(t.review_queue).where(t.review_queue.c.post_id == post_id,
                                                  t.review_queue.c.revision == item.revision))
        record_decision(conn, post_id=post_id, revision=item.revision, creator_id=item.creator_id,
                        reviewer_id=reviewer_id, outcome=outcome, reasons=reasons, note=note, why=item.why,
                        sent_at=item.created_at, now=now)
    return item
