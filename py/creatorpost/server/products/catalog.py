"""The embedded catalog (SQLite, seeded from `assets/catalog/`) as a product provider."""

from __future__ import annotations

from sqlalchemy import select

from creatorpost.server.products.provider import Product, normalise_short_link
from creatorpost.server.store import tables as t
from creatorpost.server.store.db import Database


class CatalogProvider:
    def __init__(self, db: Database) -> None:
        self.db = db

    def product(self, product_id: str) -> Product | None:
        with self.db.read() as conn:
            row = conn.execute(
                select(t.products, t.stores.c.name.label("store_name"))
                .join(t.stores, t.stores.c.id == t.products.c.store_id)
                .where(t.products.c.id == product_id)
            ).first()
        if row is None:
            return None
        return Product(row.id, row.title, row.image, row.price_cents, row.currency, row.store_id, row.store_name,
                       row.category)

    def resolve_short_link(self, url: str) -> str | None:
        key = normalise_short_link(url)
        with self.db.read() as conn:
            found: str | None = conn.execute(
                select(t.short_links.c.product_id).where(t.short_links.c.url == key)
            ).scalar()
        return found
