"""Every review decision on a revision, the automatic checks' and each reviewer's: who (a reviewer, or NULL for
the checks), when, what (outcome, reasons, note), which revision, and when that revision was sent. Written
inside the transaction that decides; read by operators (GET /api/review/decisions, `creatorpost decisions`)
and by the figures of the promise (`review_stats`). Imports the tables alone, so any store module may record.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Connection, insert, select

from creatorpost.server.store import tables as t
from creatorpost.server.store.db import Database, as_utc, iso

Outcome = Literal["approved", "rejected"]


def record_decision(conn: Connection, *, post_id: str, revision: int, creator_id: str, reviewer_id: str | None,
                    outcome: Outcome, reasons: list[dict[str, Any]], note: str | None, why: str | None,
                    sent_at: datetime, now: datetime) -> None:
    conn.execute(insert(t.review_decisions).values(
        post_id=post_id, revision=revision, creator_id=creator_id, reviewer_id=reviewer_id, outcome=outcome,
        reasons=reasons, note=note, why=why, revision_created_at=sent_at, decided_at=now))


def record_automatic_decision(conn: Connection, post_id: str, revision: int, outcome: Outcome,
                              reasons: list[dict[str, Any]], now: datetime) -> None:
    """The review worker's decision, inside its transaction."""
    row = conn.execute(select(t.posts.c.creator_id, t.post_revisions.c.created_at)
                       .join(t.post_revisions, t.post_revisions.c.post_id == t.posts.c.id)
                       .where(t.posts.c.id == post_id, t.post_revisions.c.revision == revision)).first()
    if row is not None:
        record_decision(conn, post_id=post_id, revision=revision, creator_id=row.creator_id, reviewer_id=None,
                        outcome=outcome, reasons=reasons, note=None, why=None,
                        sent_at=as_utc(row.created_at), now=now)  # type: ignore[arg-type]


def decisions(db: Database, *, post_id: str | None = None, before: int | None = None,
              limit: int = 50) -> list[dict[str, Any]]:
    """The newest decisions first (each with its id: `before` pages on), of one post or of all."""
    d, reviewers = t.review_decisions.c, t.reviewers.c
    query = (select(t.review_decisions, reviewers.handle, reviewers.display_name)
             .outerjoin(t.reviewers, reviewers.id == d.reviewer_id).order_by(d.id.desc()).limit(limit))
    if post_id is not None:
        query = query.where(d.post_id == post_id)
    if before is not None:
        query = query.where(d.id < before)
    with db.read() as conn:
        rows = conn.execute(query).all()
    return [{
        "id": r.id, "post_id": r.post_id, "revision": r.revision, "creator_id": r.creator_id,
        "decided_by": ({"kind": "reviewer", "id": r.reviewer_id, "handle": r.handle, "display_name": r.display_name}
                       if r.reviewer_id else {"kind": "automatic_checks"}),
        "outcome": r.outcome, "reasons": list(r.reasons or []), "note": r.note, "why": r.why,
        "sent_at": iso(r.revision_created_at), "decided_at": iso(r.decided_at),
    } for r in rows]
