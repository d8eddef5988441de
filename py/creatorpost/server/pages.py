"""Server-rendered pages: a published post (`/p/{id}`) and a creator's profile (`/c/{handle}`),
plus the public bytes of media (`/media/{id}`). Every piece of user text is escaped here, in
one function (`e`), and the pages load nothing from another host."""

from __future__ import annotations

import html
import io
from typing import Any

import qrcode
import qrcode.image.svg
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from creatorpost.browser.ui_text import direction, ui_text
from creatorpost.server import schema_tables as t
from creatorpost.server.creators_api import author_json
from creatorpost.server.deps import Services, services
from creatorpost.server.errors import ApiError
from creatorpost.server.lang import request_language, translate
from creatorpost.server.post_store import PostRow, get_post, posts_of
from creatorpost.server.products import Product, ProviderError
from creatorpost.server.storage import is_media_id

router = APIRouter(tags=["pages"], include_in_schema=False)

_MEDIA_TYPES = {"jpeg": "image/jpeg", "jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
_STYLE = """
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:720px;padding:1rem;color:#222}
img{max-width:100%;height:auto}.banner{width:100%;border-radius:8px}
.card{display:flex;gap:1rem;border:1px solid #ddd;border-radius:8px;padding:.75rem;margin:1rem 0}
.card img{width:96px;height:96px;object-fit:cover}.price{font-weight:600}
.coupon{display:flex;justify-content:space-between;align-items:center;border:1px dashed #e62e04;
border-radius:8px;padding:.5rem 1rem;margin:.5rem 0}.get{background:#e62e04;color:#fff;padding:.3rem 1rem;
border-radius:4px;text-decoration:none}.tags span{margin-right:.5rem;color:#555}.qr svg{width:140px;height:140px}
"""


def e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    return svg[svg.index("<svg"):] if "<svg" in svg else svg


def _page(title: str, body: str, lang: str = "en", status: int = 200) -> HTMLResponse:
    document = (f'<!doctype html><html lang="{e(lang)}" dir="{direction(lang)}"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width,initial-scale=1">'
                f"<title>{e(title)}</title><style>{_STYLE}</style></head><body>{body}</body></html>")
    return HTMLResponse(document, status_code=status, headers={
        "Content-Security-Policy": "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'",
        "X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"})


def _product(svc: Services, product_id: str) -> Product | None:
    try:
        return svc.provider.product(product_id)
    except ProviderError:
        return None


def _store_names(svc: Services, store_ids: list[str]) -> dict[str, str]:
    with svc.db.read() as conn:
        rows = conn.execute(select(t.stores.c.id, t.stores.c.name).where(t.stores.c.id.in_(store_ids)))
        return {row.id: row.name for row in rows}


def render_post(svc: Services, row: PostRow, author: dict[str, Any] | None, absolute_url: str) -> str:
    post = row.body
    parts: list[str] = []
    banner = post.get("banner")
    if isinstance(banner, dict) and is_media_id(banner.get("media_id")):
        parts.append(f'<img class="banner" src="/media/{e(banner["media_id"])}" alt="">')
    parts.append(f"<h1>{e(post.get('title') or '')}</h1>")
    if author:
        parts.append(f'<p>by <a href="/c/{e(author["handle"])}">{e(author["display_name"])}</a></p>')
    if post.get("introduction"):
        parts.append(f"<p><strong>{e(post['introduction'])}</strong></p>")
    for block in post.get("blocks") or []:
        if not isinstance(block, dict):
            continue
        kind = block.get("kind")
        if kind == "text":
            parts.extend(f"<p>{e(line)}</p>" for line in str(block.get("text") or "").split("\n") if line.strip())
        elif kind == "image" and is_media_id(block.get("media_id")):
            parts.append(f'<figure><img src="/media/{e(block["media_id"])}" alt="{e(block.get("caption") or "")}">'
                         f"<figcaption>{e(block.get('caption') or '')}</figcaption></figure>")
        elif kind == "product":
            parts.append(_product_card(svc, str(block.get("product_id") or ""), block.get("caption")))
        elif kind == "video":
            parts.append(f'<p><a href="{e(block.get("url") or "")}" rel="noopener nofollow">&#9654; Video</a></p>')
    tags = [tag for tag in post.get("hashtags") or [] if isinstance(tag, str)]
    if tags:
        parts.append('<p class="tags">' + "".join(f"<span>#{e(tag)}</span>" for tag in tags) + "</p>")
    parts.append(_coupons(svc, post.get("coupons") or []))
    parts.append(f'<div class="qr"><p>Open on your phone</p>{qr_svg(absolute_url)}</div>')
    return "".join(parts)


def _product_card(svc: Services, product_id: str, caption: object) -> str:
    product = _product(svc, product_id)
    if product is None:
        return f'<div class="card"><div>Product {e(product_id)}</div></div>'
    image = product.image if product.image.startswith("/") else ""
    picture = f'<img src="{e(image)}" alt="">' if image else ""
    price = f"{product.currency} {product.price_cents / 100:.2f}"
    return (f'<div class="card">{picture}<div><a href="{e(product.to_json()["url"])}" rel="noopener nofollow">'
            f'{e(product.title)}</a><div class="price">{e(price)}</div><div>{e(product.store_name)}</div>'
            f"<div>{e(caption or '')}</div></div></div>")


def _coupons(svc: Services, groups: list[Any]) -> str:
    valid = [g for g in groups if isinstance(g, dict) and isinstance(g.get("store_id"), str)]
    if not valid:
        return ""
    names = _store_names(svc, [g["store_id"] for g in valid])
    items = []
    for group in valid:
        for coupon_id in group.get("coupon_ids") or []:
            link = f"https://www.aliexpress.com/store/{group['store_id']}"
            items.append(f'<div class="coupon"><span>{e(names.get(group["store_id"], group["store_id"]))} &middot; '
                         f'{e(coupon_id)}</span><a class="get" href="{e(link)}" rel="noopener nofollow">Get</a></div>')
    return "<section><h2>Store coupons</h2>" + "".join(items) + "</section>"


def _not_found(request: Request, code: str) -> HTMLResponse:
    """A reader's browser gets a page saying so in its language; API clients the JSON error."""
    if "text/html" not in request.headers.get("accept", ""):
        raise ApiError(404, code)
    lang = request_language(request.headers.get("accept-language"))
    text = translate(code, {}, lang)
    body = f'<h1>{e(text)}</h1><p><a href="/">{e(ui_text("app.name", lang))}</a></p>'
    return _page(text, body, lang, status=404)


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
    return _page(str(row.body.get("title") or "Post"), body)


def _creator_by_handle(svc: Services, handle: str) -> dict[str, Any] | None:
    with svc.db.read() as conn:
        creator_id = conn.execute(select(t.creators.c.id).where(t.creators.c.handle == handle)).scalar()
    return author_json(svc.db, creator_id) if creator_id else None


@router.get("/c/{handle}")
async def profile_page(request: Request, handle: str) -> HTMLResponse:
    svc = services(request)
    author = await run_in_threadpool(_creator_by_handle, svc, handle)
    if author is None:
        return _not_found(request, "route.not_found")
    rows = await run_in_threadpool(lambda: posts_of(svc.db, author["id"], published_only=True))
    items = "".join(f'<li><a href="/p/{e(r.id)}">{e(r.title or "(untitled)")}</a></li>' for r in rows)
    url = f"{_base(request, svc)}/c/{author['handle']}"
    body = (f"<h1>{e(author['display_name'])}</h1><p>@{e(author['handle'])} &middot; {e(author['level'])}</p>"
            f"<h2>Posts</h2><ul>{items or '<li>No posts yet.</li>'}</ul><div class=\"qr\">{qr_svg(url)}</div>")
    return _page(author["display_name"], body)


@router.get("/media/{media_id}")
async def media_file(request: Request, media_id: str) -> FileResponse:
    svc = services(request)
    path = await run_in_threadpool(svc.store.path, media_id) if is_media_id(media_id) else None
    if path is None:
        raise ApiError(404, "media.not_found")
    return FileResponse(path, media_type=_MEDIA_TYPES.get(path.suffix[1:].lower(), "application/octet-stream"),
                        headers={"Cache-Control": "public, max-age=31536000, immutable"})
