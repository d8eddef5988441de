"""What every request handler may use, built once by `create_app` and kept on `app.state`."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from starlette.requests import Request

from creatorpost.server.media.files import MediaStore
from creatorpost.server.media.slots import MediaSlots
from creatorpost.server.page_cache import PageCache
from creatorpost.server.products.provider import ProductProvider
from creatorpost.server.ratelimit import RateLimits
from creatorpost.server.settings import Settings
from creatorpost.server.static import StaticSite
from creatorpost.server.store.db import Database
from creatorpost.server.store.page_state import PageStates


@dataclass
class Services:
    settings: Settings
    db: Database
    store: MediaStore
    provider: ProductProvider
    static: StaticSite
    review_wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    media_slots: MediaSlots = field(init=False)
    rate_limits: RateLimits = field(init=False)
    pages: PageCache = field(init=False)
    page_states: PageStates = field(init=False)

    def __post_init__(self) -> None:
        settings = self.settings
        self.media_slots = MediaSlots(settings.media_decodes)
        self.rate_limits = RateLimits(settings.rate_limit_per_minute, settings.rate_limit_burst,
                                      settings.auth_failures_per_minute, settings.rate_limit_clients)
        self.pages = PageCache(settings.reader_cache_bytes, refresh_seconds=settings.reader_max_age_seconds)
        self.page_states = PageStates(self.db)


def services(request: Request) -> Services:
    svc: Services = request.app.state.services
    return svc


def public_base(request: Request, settings: Settings) -> str:
    """The absolute base of public links (pages, QR codes): the configured URL, else this request's."""
    return settings.public_url or str(request.base_url).rstrip("/")
