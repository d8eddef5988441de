"""Server-rendered pages for readers: a published post (`/p/{id}`), a creator's profile
(`/c/{handle}`) and the example articles (`/examples`). Each handler gathers what its page shows
(post, author, products, coupons) and hands it to a pure renderer in `creatorpost.server.html`;
every piece of user text is escaped there by `e`. Pages speak the reader's language: `?lang=`,
else Accept-Language."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from creatorpost.languages import SUPPORTED_LANGS, accept_language, pick_language
from creatorpost.server.errors import ApiError
from creatorpost.server.examples.definitions import load_examples
from creatorpost.server.html.cards import PostCard
from creatorpost.server.html.examples import ExampleShown, render_examples
from creatorpost.server.html.page import e, page, respond
from creatorpost.server.html.post import CouponShown, render_post
from creatorpost.server.html.profile import PAGE_SIZE, render_profile
from creatorpost.server.lang import translate
from creatorpost.server.products.provider import Product, ProviderError
from creatorpost.server.services import Services, services
from creatorpost.server.store.coupons import store_coupons
from creatorpost.server.store.creators import author_by_handle, author_json
from creatorpost.server.store.posts import (
    Listed,
    count_published_posts_of,
    post_with_revision,
    published_post,
    published_posts_of,
)
from creatorpost.ui_text import ui_text

router = APIRouter(tags=["pages"], include_in_schema=False)


def reader_language(request: Request) -> str:
    asked = request.query_params.get("lang")
    return pick_language([asked, *accept_language(request.headers.get("accept-language"))])


def _lang_query(request: Request) -> str:
    """"?lang=xx" when the reader chose the language in the address, so the page's links keep it."""
    asked = request.query_params.get("lang")
    return f"?lang={asked}" if asked in SUPPORTED_LANGS else ""


def _not_found(request: Request, code: str, status: int = 404) -> HTMLResponse:
    """A reader's browser gets a page saying so in its language; API clients the JSON error."""
    if "text/html" not in request.headers.get("accept", ""):
        raise ApiError(status, code)
    lang = reader_language(request)
    text = translate(code, {}, lang)
    body = f'<h1>{e(text)}</h1><p><a href="/">{e(ui_text("app.name", lang))}</a></p>'
    return page(text, body, lang, status=status)


def card(item: Listed) -> PostCard:
    """A published post as a card (profiles, examples): shown since its revision was published."""
    return PostCard(item.post.id, item.revision.body, item.revision.reviewed_at or item.post.created_at)


def base_url(request: Request, svc: Services) -> str:
    """Absolute addresses (QR codes, share links, Open Graph): CREATORPOST_PUBLIC_URL when set."""
    return svc.settings.public_url or str(request.base_url).rstrip("/")


def products_of(svc: Services, post: dict[str, Any]) -> dict[str, Product]:
    found: dict[str, Product] = {}
    for block in post.get("blocks") or []:
        product_id = block.get("product_id") if isinstance(block, dict) else None
        if isinstance(product_id, str) and product_id not in found:
            try:
                product = svc.provider.product(product_id)
            except ProviderError:
                product = None
            if product is not None:
                found[product_id] = product
    return found


def coupons_of(svc: Services, post: dict[str, Any]) -> list[CouponShown]:
    shown: list[CouponShown] = []
    for group in post.get("coupons") or []:
        if not isinstance(group, dict) or not isinstance(group.get("store_id"), str):
            continue
        ids = [c for c in group.get("coupon_ids") or [] if isinstance(c, str)]
        name, rows = store_coupons(svc.db, group["store_id"], ids)
        for coupon_id in ids:
            row = rows.get(coupon_id)
            if row is not None:
                shown.append(CouponShown(group["store_id"], name or group["store_id"], row.id, row.discount,
                                         row.min_spend_cents, row.currency, row.valid_until))
    return shown


@router.get("/p/{post_id}")
async def post_page(request: Request, post_id: str) -> HTMLResponse:
    """The published revision of a post (an update in review does not show yet); 410 once deleted."""
    svc = services(request)
    found = await run_in_threadpool(lambda: post_with_revision(svc.db, post_id, published=True))
    post, revision = found if found is not None else (None, None)
    if post is not None and post.deleted_at is not None:
        return _not_found(request, "post.deleted", status=410)
    if post is None or revision is None:
        return _not_found(request, "post.not_found")
    lang = reader_language(request)
    author = await run_in_threadpool(author_json, svc.db, post.creator_id)
    products = await run_in_threadpool(products_of, svc, revision.body)
    coupons = await run_in_threadpool(coupons_of, svc, revision.body)
    document = render_post(post.id, revision.body, author, products, coupons, lang, base_url(request, svc),
                           revision.reviewed_at or post.created_at)
    return respond(document)


@router.get("/c/{handle}")
async def profile_page(request: Request, handle: str, page_number: int = Query(1, alias="page", ge=1, le=10_000)
                       ) -> HTMLResponse:
    svc = services(request)
    author = await run_in_threadpool(author_by_handle, svc.db, handle)
    if author is None:
        return _not_found(request, "route.not_found")
    lang = reader_language(request)
    total = await run_in_threadpool(count_published_posts_of, svc.db, author["id"])
    pages = max(1, -(-total // PAGE_SIZE))
    page_number = min(page_number, pages)
    rows = await run_in_threadpool(lambda: published_posts_of(svc.db, author["id"], limit=PAGE_SIZE,
                                                              offset=(page_number - 1) * PAGE_SIZE))
    cards = [card(r) for r in rows]
    return respond(render_profile(author, cards, page_number, pages, lang, base_url(request, svc),
                                  _lang_query(request)))


@router.get("/examples")
async def examples_page(request: Request) -> HTMLResponse:
    svc = services(request)
    lang = reader_language(request)
    shown = []
    for example in load_examples():
        live = await run_in_threadpool(published_post, svc.db, example.post_id)
        shown.append(ExampleShown(example.slug, example.name, card(live) if live else None))
    return respond(render_examples(shown, lang, base_url(request, svc), editor_url="/"))
