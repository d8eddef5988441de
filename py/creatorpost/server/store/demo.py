"""Getting a database ready: migrations, then (demo mode only) the demo creators and catalog.

Demo creators get the token `demo-<level>` (stored hashed). Seeding is idempotent: a restart
adds nothing twice. Production mode seeds nothing.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select

from creatorpost.resources import asset_text
from creatorpost.server.products.images import image_url
from creatorpost.server.settings import Settings
from creatorpost.server.store import tables as t
from creatorpost.server.store.accounts import hash_token
from creatorpost.server.store.db import Database, utcnow
from creatorpost.server.store.reviewers import seed_demo_reviewer

log = logging.getLogger("creatorpost.server")


def load_catalog() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(asset_text("catalog/catalog.json"))
    return data


def demo_tokens() -> list[tuple[str, str]]:
    """(level, token) of every demo creator, lowest level first."""
    return [(c["level"], f"demo-{c['level']}") for c in load_catalog()["demo_creators"]]


def prepare_database(db: Database, settings: Settings) -> None:
    db.migrate()
    if settings.is_demo:
        seed_demo(db)
        seed_demo_reviewer(db)


def seed_demo(db: Database) -> None:
    """The catalog's stores, products, coupons and short links that the database lacks (a newer
    catalog adds its new rows on restart), and the demo creators the first time."""
    catalog = load_catalog()
    with db.write() as conn:
        db.one_at_a_time(conn, "seed")  # processes starting together: the second sees the first's rows
        now = utcnow()
        known_stores = set(conn.execute(select(t.stores.c.id)).scalars())
        new_stores = [{"id": s["id"], "name": s["name"]} for s in catalog["stores"] if s["id"] not in known_stores]
        if new_stores:
            conn.execute(insert(t.stores), new_stores)
        known_products = set(conn.execute(select(t.products.c.id)).scalars())
        new_products = [
            {**{k: p[k] for k in ("id", "title", "category", "price_cents", "currency", "store_id")},
             "image": image_url(p["id"])}
            for p in catalog["products"] if p["id"] not in known_products
        ]
        if new_products:
            conn.execute(insert(t.products), new_products)
        known_coupons = {(r.store_id, r.id) for r in conn.execute(select(t.coupons.c.store_id, t.coupons.c.id))}
        new_coupons = [
            {**c, "valid_until": datetime.fromisoformat(c["valid_until"].replace("Z", "+00:00"))}
            for c in catalog["coupons"] if (c["store_id"], c["id"]) not in known_coupons
        ]
        if new_coupons:
            conn.execute(insert(t.coupons), new_coupons)
        known_links = set(conn.execute(select(t.short_links.c.url)).scalars())
        new_links = [link for link in catalog["short_links"] if link["url"] not in known_links]
        if new_links:
            conn.execute(insert(t.short_links), new_links)
        if conn.execute(select(t.creators.c.id).where(t.creators.c.handle == "demo-basic")).first() is not None:
            return
        for creator in catalog["demo_creators"]:
            creator_id = f"c_demo_{creator['level']}"
            conn.execute(insert(t.creators).values(id=creator_id, handle=creator["handle"],
                                                   display_name=creator["display_name"], level=creator["level"],
                                                   created_at=now))
            conn.execute(insert(t.tokens).values(token_sha256=hash_token(f"demo-{creator['level']}"),
                                                 creator_id=creator_id, demo=True, created_at=now))
            for store_id in creator["store_ids"]:
                conn.execute(insert(t.collaborations).values(creator_id=creator_id, store_id=store_id))
    log.info("demo data seeded", extra={"event": "demo.seeded", "products": len(catalog["products"])})
