"""A published post as readers see it on `/p/{id}`: banner, title, author, text, pictures,
product cards, videos, hashtags, store coupons and a QR code of the page."""

from __future__ import annotations

from typing import Any

from creatorpost.server.html.page import e
from creatorpost.server.html.qr import qr_svg
from creatorpost.server.media.files import is_media_id
from creatorpost.server.products.provider import Product, ProviderError
from creatorpost.server.services import Services
from creatorpost.server.store.coupons import store_names
from creatorpost.server.store.posts import PostRow


def _product(svc: Services, product_id: str) -> Product | None:
    try:
        return svc.provider.product(product_id)
    except ProviderError:
        return None


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
    names = store_names(svc.db, [g["store_id"] for g in valid])
    items = []
    for group in valid:
        for coupon_id in group.get("coupon_ids") or []:
            link = f"https://www.aliexpress.com/store/{group['store_id']}"
            items.append(f'<div class="coupon"><span>{e(names.get(group["store_id"], group["store_id"]))} &middot; '
                         f'{e(coupon_id)}</span><a class="get" href="{e(link)}" rel="noopener nofollow">Get</a></div>')
    return "<section><h2>Store coupons</h2>" + "".join(items) + "</section>"
