"""Post cards, as reader apps list posts: the first picture, the title, the first line of the
introduction, the date and the hashtags. The profile page and the examples page use them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from creatorpost.formats import format_date
from creatorpost.server.html.page import e
from creatorpost.server.html.post import first_picture, hashtags_of, media_url, tag_list, text_of
from creatorpost.ui_text import ui_text


@dataclass(frozen=True)
class PostCard:
    post_id: str
    post: Mapping[str, Any]
    published_at: datetime | None


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def card(item: PostCard, lang: str, heading: str = "h2", extra: str = "", link_suffix: str = "") -> str:
    """One card; `extra` is markup added at its foot (a QR code, an action)."""
    post = item.post
    title = text_of(post.get("title")) or ui_text("preview.untitled", lang)
    picture = first_picture(post)
    # The title right below says what the card is: here the picture is decoration (alt="").
    image = (f'<img src="{media_url(picture)}" alt="" width="1200" height="600">' if picture
             else '<div class="no-picture"></div>')
    intro = first_line(text_of(post.get("introduction")))
    parts = [f'<{heading} dir="auto"><a href="/p/{e(item.post_id)}{link_suffix}">{e(title)}</a></{heading}>']
    if intro:
        parts.append(f'<p dir="auto">{e(intro)}</p>')
    if item.published_at is not None:
        day = item.published_at.date()
        parts.append(f'<time datetime="{day.isoformat()}">{e(format_date(day, lang))}</time>')
    parts.append(tag_list(hashtags_of(post)))
    return f'<li class="card">{image}<div class="card-body">{"".join(parts)}{extra}</div></li>'
