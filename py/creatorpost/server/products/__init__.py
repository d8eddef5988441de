"""Where "Get info" finds products: the embedded catalog or the platform's affiliate API."""

from __future__ import annotations

from creatorpost.server.products.affiliate import AffiliateProvider
from creatorpost.server.products.catalog import CatalogProvider
from creatorpost.server.products.provider import ProductProvider
from creatorpost.server.settings import Settings
from creatorpost.server.store.db import Database


def make_provider(settings: Settings, db: Database) -> ProductProvider:
    if settings.product_provider == "affiliate":
        return AffiliateProvider.from_settings(settings, fallback_short_links=CatalogProvider(db))
    return CatalogProvider(db)
