"""Creators' accounts and their bearer tokens (stored as sha256 only).

The command line creates creators and tokens here (production has no demo seed); the endpoint
looks a token's holder up here on every call.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, select

from creatorpost.creators import Level
from creatorpost.server.settings import Settings
from creatorpost.server.store import tables as t
from creatorpost.server.store.creators import store_ids_of
from creatorpost.server.store.db import Database, as_utc, utcnow


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return "cps_" + secrets.token_urlsafe(32)


@dataclass(frozen=True)
class TokenHolder:
    id: str
    handle: str
    display_name: str
    level: Level
    store_ids: frozenset[str]
    demo_token: bool
    partner_origin: str | None = None  # works only from the editor embedded in this origin's page
    expires_at: datetime | None = None


def token_holder(db: Database, token: str) -> TokenHolder | None:
    """The creator a token belongs to, with their level and stores, or None."""
    with db.read() as conn:
        row = conn.execute(
            select(t.creators, t.tokens.c.demo, t.tokens.c.partner_origin, t.tokens.c.expires_at)
            .join(t.tokens, t.tokens.c.creator_id == t.creators.c.id)
            .where(t.tokens.c.token_sha256 == hash_token(token))
        ).first()
    if row is None:
        return None
    return TokenHolder(row.id, row.handle, row.display_name, Level(row.level), store_ids_of(db, row.id), bool(row.demo),
                       row.partner_origin, as_utc(row.expires_at))


def create_creator(settings: Settings, *, handle: str, display_name: str, level: Level,
                   store_ids: list[str]) -> str:
    db = Database(settings.database_url)
    db.migrate()
    token = new_token()
    creator_id = "c_" + secrets.token_hex(8)
    now = utcnow()
    with db.write() as conn:
        conn.execute(insert(t.creators).values(id=creator_id, handle=handle, display_name=display_name,
                                               level=level.value, created_at=now))
        for store_id in store_ids:
            if conn.execute(select(t.stores.c.id).where(t.stores.c.id == store_id)).first() is None:
                conn.execute(insert(t.stores).values(id=store_id, name=f"Store {store_id}"))
            conn.execute(insert(t.collaborations).values(creator_id=creator_id, store_id=store_id))
        conn.execute(insert(t.tokens).values(token_sha256=hash_token(token), creator_id=creator_id, demo=False,
                                             created_at=now))
    return token


def issue_token(settings: Settings, *, handle: str, partner_origin: str | None = None,
                ttl: timedelta | None = None) -> tuple[str, datetime | None]:
    """A new token for a creator; with `partner_origin`, one that works only from the editor embedded
    in that origin's page, and with `ttl`, one that stops working after it. Returns it and its end."""
    db = Database(settings.database_url)
    db.migrate()
    token = new_token()
    with db.write() as conn:
        creator_id = conn.execute(select(t.creators.c.id).where(t.creators.c.handle == handle)).scalar()
        if creator_id is None:
            raise SystemExit(f"creatorpost: no creator with handle {handle!r}")
        now = utcnow()
        expires = now + ttl if ttl is not None else None
        conn.execute(insert(t.tokens).values(token_sha256=hash_token(token), creator_id=creator_id, demo=False,
                                             created_at=now, partner_origin=partner_origin, expires_at=expires))
    return token, expires
