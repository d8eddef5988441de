"""Product providers: where "Get info" finds a product's title, image, price and store.

`CatalogProvider` answers from the embedded catalog (SQLite, seeded from `assets/catalog/`);
`creatorpost.server.affiliate.AffiliateProvider` asks the platform's affiliate API. Both are
synchronous (called in a worker thread) and raise `ProviderError` with one of our codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import select

from creatorpost.server import schema_tables as t
from creatorpost.server.db import Database
from creatorpost.server.settings import Settings


class ProviderError(Exception):
    """The provider could not answer; `code` is one of ours (e.g. `product.unavailable`)."""

    def __init__(self, code: str, status: int = 502, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.status = status


@dataclass(frozen=True)
class Product:
    id: str
    title: str
    image: str
    price_cents: int
    currency: str
    store_id: str
    store_name: str
    category: str = ""
    url: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "product_id": self.id,
            "title": self.title,
            "image": self.image,
            "price": {"amount": f"{self.price_cents / 100:.2f}", "currency": self.currency},
            "store": {"id": self.store_id, "name": self.store_name},
            "category": self.category,
            "url": self.url or f"https://www.aliexpress.com/item/{self.id}.html",
        }


class ProductProvider(Protocol):
    def product(self, product_id: str) -> Product | None:
        """The product, or None when the platform does not know it."""
        ...

    def resolve_short_link(self, url: str) -> str | None:
        """The product id a short link leads to, or None."""
        ...


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


def normalise_short_link(url: str) -> str:
    """`https://a.aliexpress.com/_mKxyz?x=1` and `a.aliexpress.com/_mKxyz` name the same link."""
    text = url.strip()
    for scheme in ("https://", "http://"):
        if text.lower().startswith(scheme):
            text = text[len(scheme):]
    text = text.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    host, _, rest = text.partition("/")
    return f"{host.lower()}/{rest}"


def make_provider(settings: Settings, db: Database) -> ProductProvider:
    if settings.product_provider == "affiliate":
        from creatorpost.server.affiliate import AffiliateProvider

        return AffiliateProvider.from_settings(settings, fallback_short_links=CatalogProvider(db))
    return CatalogProvider(db)
