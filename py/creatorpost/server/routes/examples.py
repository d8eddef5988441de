"""The example articles for the editor: `GET /api/examples` lists them; `GET /api/examples/{slug}`
gives one as a starting point for a creator's own draft ("Start from this example"): the post
without what belongs to its author (store coupons, which need a collaboration, and the repost
choice), the product cards its blocks show, and where each of its pictures can be fetched. The
editor uploads the pictures again as the creator's own, so they pass the same checks."""

from __future__ import annotations

import copy
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from creatorpost.server.errors import ApiError
from creatorpost.server.examples.definitions import example_by_slug, load_examples
from creatorpost.server.html.post import media_url
from creatorpost.server.routes.pages import products_of
from creatorpost.server.services import services
from creatorpost.server.store.media import media_rows, referenced_media_ids
from creatorpost.server.store.posts import published_post

router = APIRouter(prefix="/api/examples", tags=["examples"])

_AUTHORS_OWN = ("coupons", "repost")


@router.get("", summary="The help page's example articles published on this server")
async def list_examples(request: Request) -> JSONResponse:
    svc = services(request)
    found = []
    for example in load_examples():
        live = await run_in_threadpool(published_post, svc.db, example.post_id)
        if live is not None:
            found.append({"slug": example.slug, "name": example.name, "title": live.revision.body.get("title"),
                          "page_url": f"/p/{live.post.id}"})
    return JSONResponse({"examples": found})


@router.get("/{slug}", summary="One example article as the start of a new draft")
async def example_for_draft(request: Request, slug: str) -> JSONResponse:
    svc = services(request)
    example = example_by_slug(slug)
    live = await run_in_threadpool(published_post, svc.db, example.post_id) if example else None
    if example is None or live is None:
        raise ApiError(404, "post.not_found", field="slug")
    post: dict[str, Any] = {k: copy.deepcopy(v) for k, v in live.revision.body.items() if k not in _AUTHORS_OWN}
    products = await run_in_threadpool(products_of, svc, post)
    rows = await run_in_threadpool(media_rows, svc.db, live.post.creator_id, referenced_media_ids(post))
    media = {media_id: {"url": media_url(media_id), "width": r.width, "height": r.height, "bytes": r.bytes,
                        "format": r.format} for media_id, r in rows.items()}
    return JSONResponse({"slug": example.slug, "name": example.name, "post": post,
                         "products": {pid: product.to_json() for pid, product in products.items()}, "media": media},
                        headers={"Cache-Control": "no-cache"})
