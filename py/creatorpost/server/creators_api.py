"""The calling creator's account and posts: `GET /api/creators/me`, `GET /api/creators/me/posts`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from creatorpost import rules
from creatorpost.server import schema_tables as t
from creatorpost.server.auth import Creator, current_creator
from creatorpost.server.db import Database, iso
from creatorpost.server.deps import services
from creatorpost.server.post_store import posts_of

router = APIRouter(prefix="/api/creators", tags=["creators"])


def author_json(db: Database, creator_id: str) -> dict[str, Any] | None:
    with db.read() as conn:
        row = conn.execute(select(t.creators).where(t.creators.c.id == creator_id)).first()
    if row is None:
        return None
    return {"id": row.id, "handle": row.handle, "display_name": row.display_name, "level": row.level,
            "profile_url": f"/c/{row.handle}"}


def _stores(db: Database, store_ids: frozenset[str]) -> list[dict[str, str]]:
    if not store_ids:
        return []
    with db.read() as conn:
        rows = conn.execute(select(t.stores).where(t.stores.c.id.in_(sorted(store_ids))).order_by(t.stores.c.id))
        return [{"id": r.id, "name": r.name} for r in rows]


@router.get("/me", summary="The calling creator: level, stores they collaborate with, what they may use")
async def me(request: Request, creator: Creator = Depends(current_creator)) -> JSONResponse:
    svc = services(request)
    stores = await run_in_threadpool(_stores, svc.db, creator.store_ids)
    return JSONResponse({
        "id": creator.id,
        "handle": creator.handle,
        "display_name": creator.display_name,
        "level": creator.level.value,
        "stores": stores,
        "may_add_videos": creator.level >= rules.load_rules("article").videos.min_level,
        "profile_url": f"/c/{creator.handle}",
        "context": creator.context.to_json(),
    })


@router.get("/me/posts", summary="The calling creator's posts, newest first, with their status")
async def my_posts(request: Request, creator: Creator = Depends(current_creator)) -> JSONResponse:
    svc = services(request)
    rows = await run_in_threadpool(posts_of, svc.db, creator.id)
    return JSONResponse({"posts": [
        {"id": r.id, "status": r.status, "title": r.title, "created_at": iso(r.created_at),
         "reviewed_at": iso(r.reviewed_at), "url": f"/api/posts/{r.id}",
         "page_url": f"/p/{r.id}" if r.status == "published" else None}
        for r in rows
    ]})
