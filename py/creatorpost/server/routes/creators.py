"""The calling creator's account and posts: `GET /api/creators/me`, `GET /api/creators/me/posts`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from creatorpost import rules
from creatorpost.server.auth import Creator, current_creator
from creatorpost.server.services import services
from creatorpost.server.store.creators import stores_json
from creatorpost.server.store.db import iso
from creatorpost.server.store.posts import posts_page

router = APIRouter(prefix="/api/creators", tags=["creators"])


@router.get("/me", summary="The calling creator: level, stores they collaborate with, what they may use")
async def me(request: Request, creator: Creator = Depends(current_creator)) -> JSONResponse:
    svc = services(request)
    stores = await run_in_threadpool(stores_json, svc.db, creator.store_ids)
    return JSONResponse({
        "id": creator.id,
        "handle": creator.handle,
        "display_name": creator.display_name,
        "level": creator.level.value,
        "stores": stores,
        "may_add_videos": creator.level >= rules.load_rules().videos.min_level,
        "profile_url": f"/c/{creator.handle}",
        "context": creator.context.to_json(),
    })


@router.get("/me/posts", summary="The calling creator's latest 100 posts, newest first (GET /api/posts pages "
                                 "through all of them)")
async def my_posts(request: Request, creator: Creator = Depends(current_creator)) -> JSONResponse:
    svc = services(request)
    rows, _ = await run_in_threadpool(lambda: posts_page(svc.db, creator.id, limit=100))
    return JSONResponse({"posts": [
        {"id": r.post.id, "status": r.revision.status, "revision": r.post.revision, "title": r.revision.title,
         "created_at": iso(r.post.created_at), "reviewed_at": iso(r.revision.reviewed_at), "url": f"/api/posts/{r.post.id}",
         "page_url": f"/p/{r.post.id}" if r.post.published_revision is not None else None}
        for r in rows
    ]})
