"""Server-rendered pages for readers: a published post (`/p/{id}`), a creator's profile
(`/c/{handle}`) and the example articles (`/examples`). Each handler gathers what its page shows
(post, author, products, coupons) and hands it to a pure renderer in `creatorpost.server.html`;
every piece of user text is escaped there by `e`. Pages speak the reader's language: `?lang=`,
else Accept-Language.

`/p/` and `/c/` are rendered once per database state and answered from `svc.pages` (page_cache.py),
with an ETag (304 on If-None-Match), `Cache-Control: public` for a short while, and `Vary` naming what
picks the bytes; answers saying a page is not there are never stored by anyone (`no-store`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from creatorpost.languages import SUPPORTED_LANGS, accept_language, pick_language
from creatorpost.server.conditional import accepts_gzip, etag_matches
from creatorpost.server.errors import ApiError
from creatorpost.server.examples.definitions import load_examples
from creatorpost.server.html.cards import PostCard
from creatorpost.server.html.examples import ExampleShown, render_examples
from creatorpost.server.html.page import document_headers, e, page, render_document, respond
from creatorpost.server.html.post import CouponShown, render_post
from creatorpost.server.html.profile import PAGE_SIZE, render_profile
from creatorpost.server.lang import translate
from creatorpost.server.page_cache import RenderedPage
from creatorpost.server.products.provider import Product, ProviderError
from creatorpost.server.services import Services, services
from creatorpost.server.store.coupons import store_coupons
from creatorpost.server.store.creators import author_json
from creatorpost.server.store.page_state import PageState, ProfileState
from creatorpost.server.store.posts import Listed, post_with_revision, published_post, published_posts_of
from creatorpost.ui_text import ui_text

router = APIRouter(tags=["pages"], include_in_schema=False)


def reader_language(request: Request) -> str:
    asked = request.query_params.get("lang")
    return pick_language([asked, *accept_language(request.headers.get("accept-language"))])


def _lang_query(request: Request) -> str:
    """"?lang=xx" when the reader chose the language in the address, so the page's links keep it."""
    asked = request.query_params.get("lang")
    return f"?lang={asked}" if asked in SUPPORTED_LANGS else ""


def _language_in_address(request: Request) -> bool:
    """Whether `?lang=` alone picks the page's language; otherwise Accept-Language does too."""
    return request.query_params.get("lang") in SUPPORTED_LANGS


def _vary(request: Request) -> str:
    return "Accept-Encoding" if _language_in_address(request) else "Accept-Encoding, Accept-Language"


def _not_found(request: Request, code: str, status: int = 404) -> HTMLResponse:
    """A reader's browser gets a page saying so in its language; API clients the JSON error. Neither is
    kept by any cache (a post may be published a moment later): a 404 or 410 comes from the endpoint."""
    headers = {"Cache-Control": "no-store", "Vary": "Accept, Accept-Language"}
    if "text/html" not in request.headers.get("accept", ""):
        raise ApiError(status, code, headers=headers)
    lang = reader_language(request)
    text = translate(code, {}, lang)
    body = f'<h1>{e(text)}</h1><p><a href="/">{e(ui_text("app.name", lang))}</a></p>'
    answer = page(text, body, lang, status=status)
    answer.headers.update(headers)
    return answer


def card(item: Listed) -> PostCard:
    """A published post as a card (profiles, examples): shown since its revision was published."""
    return PostCard(item.post.id, item.revision.body, item.revision.reviewed_at or item.post.created_at)


def _cached_answer(request: Request, svc: Services, rendered: RenderedPage) -> Response:
    """A stored page, or 304 when the reader's (or CDN's) If-None-Match names it. Browsers and CDNs may
    keep it `reader_max_age_seconds`, and a CDN answer from its copy while it asks again."""
    settings = svc.settings
    use_gzip = accepts_gzip(request.headers.get("accept-encoding", ""))
    headers = {**dict(rendered.headers),
               "Cache-Control": f"public, max-age={round(settings.reader_max_age_seconds)}, "
                                f"stale-while-revalidate={round(settings.reader_stale_seconds)}",
               "ETag": f'"{rendered.digest}.gz"' if use_gzip else f'"{rendered.digest}"',
               "Vary": _vary(request)}
    if etag_matches(request.headers.get("if-none-match"), rendered.digest):
        return Response(status_code=304, headers=headers)
    if use_gzip:
        headers["Content-Encoding"] = "gzip"
    return Response(rendered.gzipped if use_gzip else rendered.body, media_type="text/html; charset=utf-8",
                    headers=headers)


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


def _post_page(svc: Services, post_id: str, lang: str, base: str, state: PageState) -> RenderedPage | None:
    post, revision = post_with_revision(svc.db, post_id, published=True) or (None, None)
    if post is None or revision is None or post.deleted_at is not None:
        return None
    author = author_json(svc.db, post.creator_id)
    document = render_post(post.id, revision.body, author, products_of(svc, revision.body),
                           coupons_of(svc, revision.body), lang, base, revision.reviewed_at or post.created_at)
    return RenderedPage.of(render_document(document), tuple(document_headers(document).items()), state)


@router.get("/p/{post_id}")
async def post_page(request: Request, post_id: str) -> Response:
    """The published revision of a post (an update in review does not show yet); 410 once deleted."""
    svc = services(request)
    state = await svc.page_states.post(post_id)
    if state == "deleted":
        return _not_found(request, "post.deleted", status=410)
    if state is None:
        return _not_found(request, "post.not_found")
    lang, base = reader_language(request), base_url(request, svc)
    rendered = await svc.pages.page(("p", post_id, lang, base), state,
                                    lambda: run_in_threadpool(_post_page, svc, post_id, lang, base, state))
    if rendered is None:  # taken down between the two looks
        return _not_found(request, "post.not_found")
    return _cached_answer(request, svc, rendered)


def _profile_page(svc: Services, shown: ProfileState, lang: str, base: str, lang_query: str
                  ) -> RenderedPage | None:
    author = author_json(svc.db, shown.author_id)
    if author is None:
        return None
    rows = published_posts_of(svc.db, shown.author_id, limit=PAGE_SIZE, offset=(shown.page - 1) * PAGE_SIZE)
    document = render_profile(author, [card(r) for r in rows], shown.page, shown.pages, lang, base, lang_query)
    return RenderedPage.of(render_document(document), tuple(document_headers(document).items()), shown.state)


@router.get("/c/{handle}")
async def profile_page(request: Request, handle: str, page_number: int = Query(1, alias="page", ge=1, le=10_000)
                       ) -> Response:
    svc = services(request)
    shown = await svc.page_states.profile(handle, page_number, PAGE_SIZE)
    if shown is None:
        return _not_found(request, "route.not_found")
    lang, base, lang_query = reader_language(request), base_url(request, svc), _lang_query(request)
    key = ("c", handle, shown.page, lang, lang_query, base)
    rendered = await svc.pages.page(key, shown.state, lambda: run_in_threadpool(
        _profile_page, svc, shown, lang, base, lang_query))
    if rendered is None:
        return _not_found(request, "route.not_found")
    return _cached_answer(request, svc, rendered)


@router.get("/examples")
async def examples_page(request: Request) -> HTMLResponse:
    svc = services(request)
    lang = reader_language(request)
    shown = []
    for example in load_examples():
        live = await run_in_threadpool(published_post, svc.db, example.post_id)
        shown.append(ExampleShown(example.slug, example.name, card(live) if live else None))
    return respond(render_examples(shown, lang, base_url(request, svc), editor_url="/"))
