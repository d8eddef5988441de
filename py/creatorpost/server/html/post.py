"""A published post as readers see it on `/p/{id}`: banner, title, author, text, pictures with
their text alternatives, product cards, videos behind a click-to-play facade, hashtags, what each
store coupon is worth, share links for the networks the creator chose, and a QR code of the page.

`render_post` is a pure function of (post, author, products, coupons, language, base URL): the
route gathers the inputs, so a rendered page can be cached per revision. User text is escaped by
`e` and isolated (`dir="auto"`, `<bdi>`) so Latin tags stay `#Bikinis` inside Arabic pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from creatorpost.coupon_text import coupon_worth
from creatorpost.formats import format_date, money
from creatorpost.rules import load_rules
from creatorpost.server.html.page import Document, e, words_with
from creatorpost.server.html.qr import qr_figure
from creatorpost.server.media.files import is_media_id
from creatorpost.server.products.provider import Product
from creatorpost.share import share_links
from creatorpost.text import normalize_introduction
from creatorpost.ui_text import ui_text
from creatorpost.videos import embed_url, parse_youtube, start_seconds, watch_url

DESCRIPTION_CHARS = 200


@dataclass(frozen=True)
class CouponShown:
    """One coupon of the post as the store describes it (what the reader gets, not its id)."""

    store_id: str
    store_name: str
    coupon_id: str
    discount: str
    min_spend_cents: int
    currency: str
    valid_until: datetime

    def worth(self, lang: str) -> str:
        return coupon_worth({"discount": self.discount, "valid_until": self.valid_until,
                             "min_spend": {"amount": self.min_spend_cents / 100, "currency": self.currency}}, lang)


def media_url(media_id: str) -> str:
    return f"/media/{media_id}"


def first_picture(post: Mapping[str, Any]) -> str | None:
    """The media id readers see first: the banner, else the first photo (as the Inspiration feed does)."""
    banner = post.get("banner")
    if isinstance(banner, dict) and is_media_id(banner.get("media_id")):
        return str(banner["media_id"])
    for block in post.get("blocks") or []:
        if isinstance(block, dict) and block.get("kind") == "image" and is_media_id(block.get("media_id")):
            return str(block["media_id"])
    return None


def text_of(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def hashtags_of(post: Mapping[str, Any]) -> list[str]:
    return [tag for tag in post.get("hashtags") or [] if isinstance(tag, str) and tag]


def tag_list(tags: Sequence[str]) -> str:
    if not tags:
        return ""
    return '<ul class="tags">' + "".join(f"<li><bdi>#{e(tag)}</bdi></li>" for tag in tags) + "</ul>"


def render_post(post_id: str, post: Mapping[str, Any], author: Mapping[str, Any] | None,
                products: Mapping[str, Product], coupons: Sequence[CouponShown], lang: str, base_url: str,
                published_at: datetime | None = None) -> Document:
    page_url = f"{base_url}/p/{post_id}"
    title = text_of(post.get("title")) or ui_text("preview.untitled", lang)
    introduction = normalize_introduction(text_of(post.get("introduction")))
    parts: list[str] = []
    banner = post.get("banner")
    if isinstance(banner, dict) and is_media_id(banner.get("media_id")):
        parts.append(f'<img class="banner" src="{media_url(banner["media_id"])}" alt="{e(text_of(banner.get("alt")))}"'
                     ' width="1200" height="600">')
    parts.append(f'<h1 dir="auto">{e(title)}</h1>')
    parts.append(_byline(author, published_at, lang))
    if introduction:
        parts.append(f'<p class="intro" dir="auto">{e(introduction)}</p>')
    parts.append(tag_list(hashtags_of(post)))
    has_video = False
    for block in post.get("blocks") or []:
        if not isinstance(block, dict):
            continue
        if block.get("kind") == "video":
            video = _video(block, title, lang)
            has_video = has_video or bool(video)
            parts.append(video)
        else:
            parts.append(_block(block, products, lang))
    parts.append(_coupons(coupons, lang))
    picture = first_picture(post)
    image_url = f"{base_url}{media_url(picture)}" if picture else ""
    parts.append(_share(post.get("repost") or [], page_url, title, image_url, lang))
    parts.append(qr_figure(page_url, ui_text("page.post_qr", lang), ui_text("page.open_on_phone", lang)))
    description = introduction[:DESCRIPTION_CHARS]
    meta = [("property", "og:type", "article"), ("property", "og:title", title), ("property", "og:url", page_url),
            ("property", "og:site_name", ui_text("app.name", lang)), ("name", "description", description),
            ("property", "og:description", description),
            ("name", "twitter:card", "summary_large_image" if image_url else "summary"),
            ("name", "twitter:title", title), ("name", "twitter:description", description)]
    if picture:
        meta += [("property", "og:image", image_url), ("name", "twitter:image", image_url)]
        alt = _alt_of(post, picture)
        if alt:
            meta += [("property", "og:image:alt", alt), ("name", "twitter:image:alt", alt)]
    origin = load_rules().videos.embed_origin if has_video else ""
    return Document(title=title, main="".join(parts), lang=lang, meta=tuple(meta), canonical=page_url,
                    video_origin=origin)


def _alt_of(post: Mapping[str, Any], media_id: str) -> str:
    """The text alternative of the picture `media_id`: its Alt text, else (a photo's) its caption."""
    for part in [post.get("banner"), *(post.get("blocks") or [])]:
        if isinstance(part, dict) and part.get("media_id") == media_id:
            return text_of(part.get("alt")) or text_of(part.get("caption"))
    return ""


def _byline(author: Mapping[str, Any] | None, published_at: datetime | None, lang: str) -> str:
    bits = []
    if author:
        link = f'<a href="/c/{e(author["handle"])}"><bdi>{e(author["display_name"])}</bdi></a>'
        bits.append(words_with("page.by", lang, "name", link))
        bits.append(e(ui_text(f"session.level.{author['level']}", lang)))
    if published_at is not None:
        stamp = published_at.date().isoformat()
        bits.append(f'<time datetime="{stamp}">{e(ui_text("page.published", lang, date=format_date(published_at.date(), lang)))}</time>')
    return f'<p class="byline">{" · ".join(bits)}</p>' if bits else ""


def _block(block: Mapping[str, Any], products: Mapping[str, Product], lang: str) -> str:
    kind = block.get("kind")
    caption = text_of(block.get("caption"))
    if kind == "text":
        lines = [line for line in str(block.get("text") or "").split("\n") if line.strip()]
        return "".join(f'<p dir="auto">{e(line)}</p>' for line in lines)
    if kind == "image" and is_media_id(block.get("media_id")):
        alt = _alt_of({"blocks": [block]}, str(block["media_id"]))
        figcaption = f'<figcaption dir="auto">{e(caption)}</figcaption>' if caption else ""
        return f'<figure><img src="{media_url(str(block["media_id"]))}" alt="{e(alt)}" loading="lazy">{figcaption}</figure>'
    if kind == "product":
        product_id = str(block.get("product_id") or "")
        return _product(products.get(product_id), product_id, caption, lang)
    return ""


def _product(product: Product | None, product_id: str, caption: str, lang: str) -> str:
    note = f'<p dir="auto">{e(caption)}</p>' if caption else ""
    if product is None:
        return f'<div class="product"><div><p>{e(product_id)}</p>{note}</div></div>'
    image = product.image if product.image.startswith("/") else ""
    picture = f'<img src="{e(image)}" alt="" width="96" height="96" loading="lazy">' if image else ""
    price = money(product.price_cents, product.currency)
    url = product.to_json()["url"]
    store = words_with("products.store", lang, "store", f"<bdi>{e(product.store_name)}</bdi>")
    return (f'<div class="product">{picture}<div><p dir="auto"><a href="{e(url)}" rel="noopener nofollow">{e(product.title)}'
            f'</a></p><p class="price">{e(price)}</p><p class="store">{store}</p>{note}</div></div>')


def _video(block: Mapping[str, Any], title: str, lang: str) -> str:
    url = block.get("url")
    video_id = parse_youtube(url)
    if video_id is None:
        return ""
    start = start_seconds(url)
    play = ui_text("page.video_play", lang)
    return (f'<figure class="video"><button type="button" class="play" data-player="{e(embed_url(video_id, start))}"'
            f' data-title="{e(title)}"><span class="play-icon" aria-hidden="true">&#9654;</span><span>{e(play)}</span>'
            f'</button><figcaption>{e(ui_text("page.video_note", lang))} '
            f'<a href="{e(watch_url(video_id, start))}" rel="noopener nofollow">youtube.com</a></figcaption></figure>')


def _coupons(coupons: Sequence[CouponShown], lang: str) -> str:
    if not coupons:
        return ""
    items = []
    for coupon in coupons:
        worth = coupon.worth(lang)
        link = f"https://www.aliexpress.com/store/{coupon.store_id}"
        # The link's name starts with the word it shows (Get), then says which coupon, for screen readers.
        items.append(f'<li class="coupon"><div><p class="worth">{e(worth)}</p><p class="store"><bdi>{e(coupon.store_name)}'
                     f'</bdi></p></div><a class="get" href="{e(link)}" rel="noopener nofollow">{e(ui_text("coupons.get", lang))}'
                     f'<span class="visually-hidden">: {e(worth)}, {e(coupon.store_name)}</span></a></li>')
    return f'<section aria-labelledby="coupons"><h2 id="coupons">{e(ui_text("page.coupons", lang))}</h2>' \
           f'<ul class="coupons">{"".join(items)}</ul></section>'


def _share(networks: object, page_url: str, title: str, image_url: str, lang: str) -> str:
    links = share_links(networks if isinstance(networks, list) else [], page_url, title, image_url)
    if not links:
        return ""
    hidden = " desktop-only" if load_rules().repost.desktop_only else ""
    items = "".join(
        f'<li><a href="{e(link.href)}" target="_blank" rel="noopener noreferrer nofollow">'
        f'{e(ui_text("share.on", lang, network=ui_text(f"repost.network.{link.network}", lang)))}</a></li>'
        for link in links)
    return (f'<nav class="share{hidden}" aria-labelledby="share"><h2 id="share">{e(ui_text("share.heading", lang))}</h2>'
            f"<ul>{items}</ul></nav>")
