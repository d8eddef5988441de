"""Creating creators and tokens from the command line (production has no demo seed)."""

from __future__ import annotations

import secrets

from sqlalchemy import insert, select

from creatorpost.creators import Level
from creatorpost.server import schema_tables as t
from creatorpost.server.auth import hash_token, new_token
from creatorpost.server.db import Database, utcnow
from creatorpost.server.settings import Settings


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


def issue_token(settings: Settings, *, handle: str) -> str:
    db = Database(settings.database_url)
    db.migrate()
    token = new_token()
    with db.write() as conn:
        creator_id = conn.execute(select(t.creators.c.id).where(t.creators.c.handle == handle)).scalar()
        if creator_id is None:
            raise SystemExit(f"creatorpost: no creator with handle {handle!r}")
        conn.execute(insert(t.tokens).values(token_sha256=hash_token(token), creator_id=creator_id, demo=False,
                                             created_at=utcnow()))
    return token
