"""`create_app(settings)`: the endpoint as one FastAPI application.

Everything the handlers need (database, media store, product provider, static site) is built
here from the settings and kept on `app.state.services`; there are no module-level globals.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.types import Receive, Scope, Send

import creatorpost
from creatorpost.server.auth import PARTNER_HEADER, holder_of, reviewer_of
from creatorpost.server.errors import install_error_handlers
from creatorpost.server.examples.seed import seed_examples
from creatorpost.server.leftovers import sweep_leftovers
from creatorpost.server.media.files import MediaStore
from creatorpost.server.media.storage import StorageUnavailable
from creatorpost.server.middleware import AccessLogMiddleware, BodySizeLimitMiddleware, HeadAsGetMiddleware
from creatorpost.server.openapi import install_openapi
from creatorpost.server.products import make_provider
from creatorpost.server.products.images import ensure_product_images
from creatorpost.server.ratelimit import RateLimitMiddleware
from creatorpost.server.review.worker import ReviewWorker
from creatorpost.server.routes import (
    coupons,
    creators,
    examples,
    health,
    media,
    own_posts,
    pages,
    posts,
    products,
    review,
    rules,
)
from creatorpost.server.services import Services
from creatorpost.server.settings import Settings
from creatorpost.server.static import StaticSite
from creatorpost.server.store.db import Database
from creatorpost.server.store.demo import load_catalog, prepare_database
from creatorpost.warm_up import warm_up

log = logging.getLogger("creatorpost.server")

UPLOAD_PREFIXES = ("/api/media",)
API_HEADERS = ["Authorization", "Content-Type", "Idempotency-Key", "Accept-Language", "If-Match", PARTNER_HEADER]


def build_services(settings: Settings) -> Services:
    db = Database(settings.database_url)
    return Services(
        settings=settings,
        db=db,
        store=MediaStore.from_settings(settings),
        provider=make_provider(settings, db),
        static=StaticSite(settings.dist, settings.cache_dir, settings.partner_origins),
    )


def _seed_pictures(svc: Services) -> None:
    """Demo data that lives in the media storage: catalog pictures, the example articles' photos. A storage
    that does not answer now costs the demo its pictures until a later start, never the start itself."""
    try:
        ensure_product_images(svc.store, load_catalog()["products"])
        seed_examples(svc.db, svc.store)
    except StorageUnavailable as failed:
        log.error("demo pictures not stored", extra={"event": "demo.storage_unavailable", "reason": str(failed)})


def create_app(settings: Settings) -> FastAPI:
    svc = build_services(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(prepare_database, svc.db, settings)
        await run_in_threadpool(warm_up)  # so that the first request pays no more than the next
        if settings.is_demo:
            await run_in_threadpool(_seed_pictures, svc)
        await run_in_threadpool(sweep_leftovers, svc)
        task: asyncio.Task[None] | None = None
        if settings.inprocess_worker:
            worker = ReviewWorker(svc, name="inprocess")
            task = asyncio.create_task(worker.run_forever(svc.review_wakeup))
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
                with suppress(asyncio.CancelledError):
                    await task
            svc.page_states.close()
            svc.db.dispose()

    app = FastAPI(
        title="Creator Post Studio endpoint",
        version=creatorpost.__version__,
        lifespan=lifespan,
        debug=False,  # tracebacks only through our own handler, and only when settings.debug
        openapi_url="/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.services = svc
    install_error_handlers(app, settings.debug)
    install_openapi(app)

    # Readers' pages first: they are most of the traffic, and matched soonest.
    for routes in (pages, rules, posts, own_posts, creators, products, coupons, media, health, examples, review):
        app.include_router(routes.router)

    app.router.default = _static_fallback(svc)

    app.add_middleware(HeadAsGetMiddleware)  # innermost: the access log still says HEAD
    app.add_middleware(BodySizeLimitMiddleware, json_cap=settings.max_json_bytes,
                       upload_cap=settings.max_upload_bytes, upload_prefixes=UPLOAD_PREFIXES,
                       idle_seconds=settings.body_timeout_seconds)
    app.add_middleware(RateLimitMiddleware, limits=svc.rate_limits,
                       token_checks_out=lambda token: holder_of(svc, token) is not None
                       or reviewer_of(svc, token) is not None)  # reviewers' tokens count as checked too
    if settings.cors_origins:
        # Bearer tokens travel in a header, never cookies: credentials stay off.
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_credentials=False,
                           allow_methods=["GET", "POST", "PUT", "DELETE", "OPTIONS"], allow_headers=API_HEADERS,
                           expose_headers=["Retry-After", "ETag", "X-Request-Id"], max_age=600)
    app.add_middleware(AccessLogMiddleware)
    return app


def _static_fallback(svc: Services):  # type: ignore[no-untyped-def]
    """What the router does when no API route matches: a file from dist/, else our 404."""

    async def serve(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        path: str = scope["path"]
        if scope["method"] in {"GET", "HEAD"} and not path.startswith("/api/"):
            response = await svc.static.respond(Request(scope, receive), path)
            if response is not None:
                await response(scope, receive, send)
                return
        raise StarletteHTTPException(404)

    return serve
