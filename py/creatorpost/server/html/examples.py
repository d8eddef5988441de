"""The example articles page (`/examples`): the help page's four examples as cards, each with a
QR code of its absolute address (to scan with a phone, as the help page asks) and "Start from
this example", which opens it in the editor as a new draft of the creator's own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from creatorpost.server.html.cards import PostCard, card
from creatorpost.server.html.page import Document, e
from creatorpost.server.html.qr import qr_figure
from creatorpost.ui_text import ui_text


@dataclass(frozen=True)
class ExampleShown:
    slug: str
    name: str
    item: PostCard | None  # None when the example is not published on this server


def render_examples(examples: Sequence[ExampleShown], lang: str, base_url: str, editor_url: str) -> Document:
    """`editor_url` is where the editor lives ("/" when this endpoint serves it)."""
    heading = ui_text("examples.heading", lang)
    items = []
    for example in examples:
        if example.item is None:
            continue
        title = example.name
        url = f"{base_url}/p/{example.item.post_id}"
        start = f"{editor_url}?example={example.slug}&lang={lang}"
        extra = (qr_figure(url, ui_text("examples.scan", lang, title=title), ui_text("page.open_on_phone", lang))
                 + f'<div class="actions"><a class="button" href="{e(start)}">{e(ui_text("examples.start", lang))}</a>'
                 f"</div>")
        items.append(card(example.item, lang, extra=extra, link_suffix=f"?lang={lang}"))
    listing = (f'<ul class="cards">{"".join(items)}</ul>' if items
               else f'<p class="muted">{e(ui_text("examples.none", lang))}</p>')
    body = f'<h1>{e(heading)}</h1><p class="muted">{e(ui_text("examples.intro", lang))}</p>{listing}'
    meta = (("property", "og:title", heading), ("property", "og:url", f"{base_url}/examples"),
            ("name", "description", ui_text("examples.intro", lang)))
    return Document(title=heading, main=body, lang=lang, meta=meta, canonical=f"{base_url}/examples", wide=True)
