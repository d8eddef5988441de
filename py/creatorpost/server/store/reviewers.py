"""Reviewers' accounts and their bearer tokens (sha256 only), apart from creators': a reviewer's token
never signs a creator in, nor a creator's token a reviewer (docs/ARCHITECTURE.md, "The review desk").

`creatorpost create-reviewer NAME` makes one; demo data adds `demo-reviewer` (token `demo-reviewer`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select

from creatorpost.server.settings import Settings
from creatorpost.server.store import tables as t
from creatorpost.server.store.accounts import hash_token, new_token
from creatorpost.server.store.db import Database, utcnow

DEMO_REVIEWER = "demo-reviewer"  # its handle and its token


@dataclass(frozen=True)
class ReviewerHolder:
    id: str
    handle: str
    display_name: str
    demo_token: bool


def reviewer_holder(db: Database, token: str) -> ReviewerHolder | None:
    """The reviewer a token belongs to, or None."""
    with db.read() as conn:
        row = conn.execute(
            select(t.reviewers, t.reviewer_tokens.c.demo)
            .join(t.reviewer_tokens, t.reviewer_tokens.c.reviewer_id == t.reviewers.c.id)
            .where(t.reviewer_tokens.c.token_sha256 == hash_token(token))
        ).first()
    return ReviewerHolder(row.id, row.handle, row.display_name, bool(row.demo)) if row else None


def _insert_reviewer(conn: Connection, reviewer_id: str, handle: str, display_name: str, token: str,
                     demo: bool) -> None:
    now = utcnow()
    conn.execute(insert(t.reviewers).values(id=reviewer_id, handle=handle, display_name=display_name, created_at=now))
    conn.execute(insert(t.reviewer_tokens).values(token_sha256=hash_token(token), reviewer_id=reviewer_id, demo=demo,
                                                  created_at=now))


def add_reviewer(db: Database, *, handle: str, display_name: str) -> str:
    """A new reviewer and their first token (returned once, stored hashed)."""
    token = new_token()
    with db.write() as conn:
        if conn.execute(select(t.reviewers.c.id).where(t.reviewers.c.handle == handle)).first() is not None:
            raise ValueError(f"there is already a reviewer {handle!r}")
        _insert_reviewer(conn, "r_" + secrets.token_hex(8), handle, display_name, token, demo=False)
    return token


def create_reviewer(settings: Settings, *, handle: str, display_name: str) -> str:
    """`creatorpost create-reviewer`: the database brought up to date, then a new reviewer."""
    db = Database(settings.database_url)
    try:
        db.migrate()
        return add_reviewer(db, handle=handle, display_name=display_name)
    except ValueError as taken:
        raise SystemExit(f"creatorpost: {taken}") from None
    finally:
        db.dispose()


def seed_demo_reviewer(db: Database) -> None:
    """The demo's reviewer (token `demo-reviewer`), once."""
    with db.write() as conn:
        db.one_at_a_time(conn, "seed-reviewer")
        if conn.execute(select(t.reviewers.c.id).where(t.reviewers.c.handle == DEMO_REVIEWER)).first() is None:
            _insert_reviewer(conn, "r_demo", DEMO_REVIEWER, "Rita Reviewer", DEMO_REVIEWER, demo=True)
