"""The `media` table: which creator owns which stored image, with its format and size."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from creatorpost.media import MediaInfo
from creatorpost.rules import load_rules
from creatorpost.server.store import tables as t
from creatorpost.server.store.db import Database, utcnow


@dataclass(frozen=True)
class MediaRow:
    id: str
    creator_id: str
    format: str
    width: int
    height: int
    bytes: int


def record_media(db: Database, media_id: str, creator_id: str, format: str, width: int, height: int,
                 size: int) -> MediaRow:
    """Remember a stored image (idempotent: recording the same id twice keeps the first row)."""
    try:
        with db.write() as conn:
            existing = conn.execute(select(t.media).where(t.media.c.id == media_id)).first()
            if existing is None:
                conn.execute(insert(t.media).values(id=media_id, creator_id=creator_id, format=format, width=width,
                                                    height=height, bytes=size, created_at=utcnow()))
                return MediaRow(media_id, creator_id, format, width, height, size)
    except IntegrityError:
        # PostgreSQL: the same photo uploaded at once; the other request's row committed between our
        # look and our insert (SQLite writers take turns, so they never get here).
        with db.read() as conn:
            existing = conn.execute(select(t.media).where(t.media.c.id == media_id)).first()
        if existing is None:
            raise
    return MediaRow(existing.id, existing.creator_id, existing.format, existing.width, existing.height,
                    existing.bytes)


def media_rows(db: Database, creator_id: str, media_ids: Iterable[str]) -> dict[str, MediaRow]:
    """The rows among `media_ids` that belong to this creator."""
    wanted = sorted({m for m in media_ids if isinstance(m, str)})
    if not wanted:
        return {}
    with db.read() as conn:
        rows = conn.execute(
            select(t.media).where(t.media.c.creator_id == creator_id, t.media.c.id.in_(wanted))
        ).all()
    return {r.id: MediaRow(r.id, r.creator_id, r.format, r.width, r.height, r.bytes) for r in rows}


def referenced_media_ids(post: dict[str, object]) -> list[str]:
    """Every media id a post refers to (banner and the blocks validation looks at, `[limits] blocks`),
    in order of appearance."""
    found: list[str] = []
    banner = post.get("banner")
    if isinstance(banner, dict) and isinstance(banner.get("media_id"), str):
        found.append(banner["media_id"])
    blocks = post.get("blocks")
    if isinstance(blocks, list):
        for block in blocks[:load_rules().limits.blocks]:
            if isinstance(block, dict) and isinstance(block.get("media_id"), str):
                found.append(block["media_id"])
    return found


def media_infos(db: Database, creator_id: str, post: dict[str, Any]) -> dict[str, MediaInfo]:
    """Facts the core checks about the media a post refers to, for those this creator owns."""
    rows = media_rows(db, creator_id, referenced_media_ids(post))
    return {media_id: media_info(row) for media_id, row in rows.items()}


def media_info(row: MediaRow) -> MediaInfo:
    return MediaInfo(format=row.format, width=row.width, height=row.height, bytes=row.bytes)
