"""A creator's profile (`/c/{handle}`): name, level and the profile's QR code on top, then the
creator's published posts as cards, newest first, a page at a time. A pure function of its inputs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from creatorpost.server.html.cards import PostCard, card
from creatorpost.server.html.page import Document, e
from creatorpost.server.html.qr import qr_figure
from creatorpost.ui_text import ui_text

PAGE_SIZE = 12


def render_profile(author: Mapping[str, Any], cards: Sequence[PostCard], page: int, pages: int, lang: str,
                   base_url: str, lang_query: str = "") -> Document:
    """`lang_query` ("?lang=ar" or "") is added to the page's own links so the reader keeps the language."""
    url = f"{base_url}/c/{author['handle']}"
    name = str(author["display_name"])
    level = ui_text(f"session.level.{author['level']}", lang)
    head = (f'<section class="profile" aria-labelledby="name"><div><h1 id="name" dir="auto">{e(name)}</h1>'
            f'<p><bdi>@{e(author["handle"])}</bdi> · {e(level)}</p></div>'
            f'{qr_figure(url, ui_text("page.profile_qr", lang), ui_text("page.open_on_phone", lang))}</section>')
    listing = (f'<ul class="cards">{"".join(card(item, lang, link_suffix=lang_query) for item in cards)}</ul>'
               if cards else f'<p class="muted">{e(ui_text("page.no_posts", lang))}</p>')
    body = head + f'<h2>{e(ui_text("page.posts", lang))}</h2>' + listing + _pager(author, page, pages, lang, lang_query)
    title = f"{name} · {level}"
    meta = (("property", "og:type", "profile"), ("property", "og:title", title), ("property", "og:url", url),
            ("name", "twitter:card", "summary"))
    return Document(title=title, main=body, lang=lang, meta=meta, canonical=url, wide=True)


def _pager(author: Mapping[str, Any], page: int, pages: int, lang: str, lang_query: str) -> str:
    if pages <= 1:
        return ""
    base = f"/c/{e(author['handle'])}"
    joiner = "&amp;" if lang_query else "?"
    query = e(lang_query)

    def link(number: int, key: str, rel: str) -> str:
        return f'<a rel="{rel}" href="{base}{query}{joiner}page={number}">{e(ui_text(key, lang))}</a>'

    newer = link(page - 1, "page.newer", "prev") if page > 1 else "<span></span>"
    older = link(page + 1, "page.older", "next") if page < pages else "<span></span>"
    where = e(ui_text("page.page_of", lang, page=page, pages=pages))
    return f'<nav class="pager" aria-label="{where}">{newer}<span>{where}</span>{older}</nav>'
