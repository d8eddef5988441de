"""Creators as others see them (author cards, profiles) and as the rules see them (level, stores)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from creatorpost.creators import CreatorContext, Level
from creatorpost.server.store import tables as t
from creatorpost.server.store.db import Database


def author_json(db: Database, creator_id: str) -> dict[str, Any] | None:
    """What a reader may know of a creator: handle, name, level and profile page."""
    with db.read() as conn:
        row = conn.execute(select(t.creators).where(t.creators.c.id == creator_id)).first()
    if row is None:
        return None
    return {"id": row.id, "handle": row.handle, "display_name": row.display_name, "level": row.level,
            "profile_url": f"/c/{row.handle}"}


def stores_json(db: Database, store_ids: frozenset[str]) -> list[dict[str, str]]:
    """`{id, name}` of each store, by id."""
    if not store_ids:
        return []
    with db.read() as conn:
        rows = conn.execute(select(t.stores).where(t.stores.c.id.in_(sorted(store_ids))).order_by(t.stores.c.id))
        return [{"id": r.id, "name": r.name} for r in rows]


def store_ids_of(db: Database, creator_id: str) -> frozenset[str]:
    with db.read() as conn:
        return frozenset(conn.execute(
            select(t.collaborations.c.store_id).where(t.collaborations.c.creator_id == creator_id)).scalars())


def creator_context(db: Database, creator_id: str) -> CreatorContext:
    """The creator's level and stores as the rules need them, read from the database."""
    with db.read() as conn:
        level = conn.execute(select(t.creators.c.level).where(t.creators.c.id == creator_id)).scalar_one()
    return CreatorContext(level=Level(level), store_ids=store_ids_of(db, creator_id))
