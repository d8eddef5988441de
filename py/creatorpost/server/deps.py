"""What every request handler may use, built once by `create_app` and kept on `app.state`."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from creatorpost.server.db import Database
from creatorpost.server.media_slots import MediaSlots
from creatorpost.server.settings import Settings
from creatorpost.server.storage import MediaStore
from creatorpost.server.uploads import media_rows, referenced_media_ids

if TYPE_CHECKING:
    from creatorpost.server.auth import Creator
    from creatorpost.server.products import ProductProvider
    from creatorpost.server.static import StaticSite


@dataclass
class Services:
    settings: Settings
    db: Database
    store: MediaStore
    provider: ProductProvider
    static: StaticSite
    review_wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    media_slots: MediaSlots = field(init=False)

    def __post_init__(self) -> None:
        self.media_slots = MediaSlots(self.settings.media_decodes)

    async def media_infos(self, creator: Creator | None, post: dict[str, Any]) -> dict[str, Any] | None:
        """Facts about the media a post refers to that this creator owns (for the core's checks)."""
        if creator is None:
            return None
        rows = await run_in_threadpool(media_rows, self.db, creator.id, referenced_media_ids(post))
        return {media_id: to_media_info(row) for media_id, row in rows.items()}


def to_media_info(row: Any) -> Any:
    from creatorpost.media import MediaInfo

    return MediaInfo(format=row.format, width=row.width, height=row.height, bytes=row.bytes)


def services(request: Request) -> Services:
    svc: Services = request.app.state.services
    return svc
