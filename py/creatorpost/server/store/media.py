"""The `media` table (which creator owns which stored image, its format, size and content hash) and
`post_media` (which posts show it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, insert, select
from sqlalchemy.exc import IntegrityError

from creatorpost.media import MediaInfo
from creatorpost.rules import load_rules
from creatorpost.server.media.files import is_media_id
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


def _media_row(r: Any) -> MediaRow:
    return MediaRow(r.id, r.creator_id, r.format, r.width, r.height, r.bytes)


def media_by_content(db: Database, creator_id: str, content_sha256: str) -> MediaRow | None:
    """This creator's media holding exactly these bytes, if they uploaded them before."""
    with db.read() as conn:
        row = conn.execute(select(t.media).where(t.media.c.creator_id == creator_id,
                                                 t.media.c.content_sha256 == content_sha256)).first()
    return _media_row(row) if row else None


def record_media(db: Database, media_id: str, creator_id: str, format: str, width: int, height: int,
                 size: int, content_sha256: str) -> MediaRow:
    """Remember a stored image whose file is in place. When the creator already has these bytes under
    another id (the same photo uploaded twice at once), that row wins and is returned instead."""
    same = (t.media.c.creator_id == creator_id) & (t.media.c.content_sha256 == content_sha256)
    try:
        with db.write() as conn:
            existing = conn.execute(select(t.media).where(same)).first()
            if existing is None:
                conn.execute(insert(t.media).values(id=media_id, creator_id=creator_id, format=format, width=width,
                                                    height=height, bytes=size, created_at=utcnow(),
                                                    content_sha256=content_sha256))
                return MediaRow(media_id, creator_id, format, width, height, size)
    except IntegrityError:
        # PostgreSQL: the same photo uploaded at once; the other request's row committed between our
        # look and our insert (SQLite writers take turns, so they never get here).
        with db.read() as conn:
            existing = conn.execute(select(t.media).where(same)).first()
        if existing is None:
            raise
    return _media_row(existing)


def media_row(db: Database, media_id: str) -> MediaRow | None:
    with db.read() as conn:
        row = conn.execute(select(t.media).where(t.media.c.id == media_id)).first()
    return _media_row(row) if row else None


def shown_on_a_published_post(db: Database, media_id: str) -> bool:
    """Whether the published revision of a live post shows this media: then anyone may fetch it; else
    its owner only (docs/ARCHITECTURE.md, "Posts and their revisions"). A pending update or a rejected
    one that shows a photo does not make it public; a deleted post shows nothing."""
    query = (select(t.post_media.c.post_id)
             .join(t.posts, and_(t.posts.c.id == t.post_media.c.post_id,
                                 t.posts.c.published_revision == t.post_media.c.revision))
             .where(t.post_media.c.media_id == media_id, t.posts.c.deleted_at.is_(None)).limit(1))
    with db.read() as conn:
        return conn.execute(query).first() is not None


def existing_media_ids(db: Database, media_ids: set[str]) -> set[str]:
    """Which of these media ids have a row (the sweep of leftover files asks)."""
    wanted = sorted(media_ids)
    found: set[str] = set()
    with db.read() as conn:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            found.update(conn.execute(select(t.media.c.id).where(t.media.c.id.in_(chunk))).scalars())
    return found


def media_rows(db: Database, creator_id: str, media_ids: Iterable[str]) -> dict[str, MediaRow]:
    """The rows among `media_ids` that belong to this creator."""
    wanted = sorted({m for m in media_ids if is_media_id(m)})  # nothing else can be a media id
    if not wanted:
        return {}
    with db.read() as conn:
        rows = conn.execute(
            select(t.media).where(t.media.c.creator_id == creator_id, t.media.c.id.in_(wanted))
        ).all()
    return {r.id: _media_row(r) for r in rows}


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
