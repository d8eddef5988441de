"""Server-rendered pages: a published post (`/p/{id}`) and a creator's profile (`/c/{handle}`).
Rendering lives in `creatorpost.server.html`; every piece of user text is escaped there by `e`."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from creatorpost.server.errors import ApiError
from creatorpost.server.html.page import e, page
from creatorpost.server.html.post import render_post
from creatorpost.server.html.qr import qr_svg
from creatorpost.server.lang import request_language, translate
from creatorpost.server.services import Services, services
from creatorpost.server.store.creators import author_by_handle, author_json
from creatorpost.server.store.posts import get_post, posts_of
from creatorpost.ui_text import ui_text

router = APIRouter(tags=["pages"], include_in_schema=False)


def _not_found(request: Request, code: str) -> HTMLResponse:
    """A reader's browser gets a page saying so in its language; API clients the JSON error."""
    if "text/html" not in request.headers.get("accept", ""):
        raise ApiError(404, code)
    lang = request_language(request.headers.get("accept-language"))
    text = translate(code, {}, lang)
    body = f'<h1>{e(text)}</h1><p><a href="/">{e(ui_text("app.name", lang))}</a></p>'
    return page(text, body, lang, status=404)


def _base(request: Request, svc: Services) -> str:
    return svc.settings.public_url or str(request.base_url).rstrip("/")


@router.get("/p/{post_id}")
async def post_page(request: Request, post_id: str) -> HTMLResponse:
    svc = services(request)
    row = await run_in_threadpool(get_post, svc.db, post_id)
    if row is None or row.status != "published":
        return _not_found(request, "post.not_found")
    author = await run_in_threadpool(author_json, svc.db, row.creator_id)
    body = await run_in_threadpool(render_post, svc, row, author, f"{_base(request, svc)}/p/{row.id}")
    return page(str(row.body.get("title") or "Post"), body)


@router.get("/c/{handle}")
async def profile_page(request: Request, handle: str) -> HTMLResponse:
    svc = services(request)
    author = await run_in_threadpool(author_by_handle, svc.db, handle)
    if author is None:
        return _not_found(request, "route.not_found")
    rows = await run_in_threadpool(lambda: posts_of(svc.db, author["id"], published_only=True))
    items = "".join(f'<li><a href="/p/{e(r.id)}">{e(r.title or "(untitled)")}</a></li>' for r in rows)
    url = f"{_base(request, svc)}/c/{author['handle']}"
    body = (f"<h1>{e(author['display_name'])}</h1><p>@{e(author['handle'])} &middot; {e(author['level'])}</p>"
            f"<h2>Posts</h2><ul>{items or '<li>No posts yet.</li>'}</ul><div class=\"qr\">{qr_svg(url)}</div>")
    return page(author["display_name"], body)
