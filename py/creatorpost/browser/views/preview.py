"""Previews: the Inspiration-feed card (first picture + introduction) and the whole article.

The creator's words are isolated (`dir="auto"`, `<bdi>` for tags) so Latin text reads right in an
Arabic page and Arabic text in a Latin one. On a phone the preview sits below the form: the
Preview toggle near the top shows it instead of the form, and back.
"""

from collections.abc import Callable
from typing import Any

import js
from pyodide.ffi import create_proxy

from creatorpost.browser.dom import by_id, clear, el, on
from creatorpost.browser.editor import Editor
from creatorpost.browser.views.blocks import product_card
from creatorpost.browser.views.coupons import coupon_card
from creatorpost.text import normalize_introduction, normalize_title


def bind(editor: Editor) -> None:
    frame = by_id("article-frame")

    def width(mode: str) -> None:
        frame.className = f"article-frame {mode}"
        by_id("preview-phone").setAttribute("aria-pressed", "true" if mode == "phone" else "false")
        by_id("preview-desktop").setAttribute("aria-pressed", "true" if mode == "desktop" else "false")

    on(by_id("preview-phone"), "click", lambda _e: width("phone"))
    on(by_id("preview-desktop"), "click", lambda _e: width("desktop"))

    toggle = by_id("preview-toggle")

    def toggled(_event: Any) -> None:
        showing = str(by_id("workspace").dataset.show) == "preview"
        by_id("workspace").dataset.show = "form" if showing else "preview"
        toggle.setAttribute("aria-pressed", "false" if showing else "true")
        toggle.textContent = editor.t("preview.show" if showing else "preview.hide")
        js.window.scrollTo(0, 0)

    def toggle_words() -> None:
        toggle.textContent = editor.t("preview.hide" if str(by_id("workspace").dataset.show) == "preview"
                                      else "preview.show")

    on(toggle, "click", toggled)
    editor.on_language(toggle_words)

    scheduled: list[bool] = [False]
    images: dict[str, tuple[str, Any]] = {}

    def image(slot: str, src: str, attrs: dict[str, str]) -> Any:
        """The same <img> node while its picture is unchanged: a data URL crosses to JavaScript once."""
        cached = images.get(slot)
        if cached is not None and cached[0] == src:
            node = cached[1]
        else:
            node = el("img", {"src": src})
            images[slot] = (src, node)
        for name, value in attrs.items():
            node.setAttribute(name, value)
        return node

    def draw(_time: Any = None) -> None:
        scheduled[0] = False
        doc, t = editor.doc, editor.t
        title = normalize_title(doc.title_text()) or t("preview.untitled")
        intro = normalize_introduction(str(doc.post.get("introduction") or ""))
        picture = doc.first_picture()

        card = by_id("feed-card")
        clear(card)
        card.append(image("feed", picture["src"], {"alt": ""}) if picture
                    else el("div", {"class": "no-picture"}, text=t("preview.no_picture")))
        card.append(el("p", {"class": "feed-title", "dir": "auto"}, text=title))
        if intro:
            card.append(el("p", {"class": "feed-intro", "dir": "auto"}, text=intro))

        article = by_id("article-preview")
        clear(article)
        banner = doc.previews.get("banner")
        if banner:
            alt = str((doc.post.get("banner") or {}).get("alt") or "")
            article.append(image("banner", banner["src"], {"alt": alt, "class": "article-banner"}))
        article.append(el("h1", {"dir": "auto"}, text=title))
        if intro:
            article.append(el("p", {"class": "article-intro", "dir": "auto"}, text=intro))
        if doc.hashtags:
            tags = el("p", {"class": "article-tags"})
            for tag in doc.hashtags:
                tags.append(el("bdi", text=f"#{tag}"), " ")
            article.append(tags)
        for key, block in zip(doc.keys, doc.blocks):
            article.append(_block(editor, key, block, image))
        for group in doc.post.get("coupons") or []:
            cards = el("ul", {"class": "coupon-cards"})
            for coupon in doc.coupons.get(str(group.get("store_id"))) or []:
                cards.append(coupon_card(coupon, t, editor.lang))
            article.append(cards)

    drawer = create_proxy(draw)

    def render() -> None:
        """Typing must not wait for the preview: it is redrawn once per frame at most."""
        if not scheduled[0]:
            scheduled[0] = True
            js.requestAnimationFrame(drawer)

    editor.on_render(render)


def _block(editor: Editor, key: str, block: dict[str, Any], image: Callable[[str, str, dict[str, str]], Any]) -> Any:
    kind = block.get("kind")
    caption = str(block.get("caption") or "")
    figure = el("figure", {"class": f"article-block {kind}"})
    if kind == "text":
        return el("p", {"class": "article-text", "dir": "auto"}, text=str(block.get("text") or ""))
    if kind == "image" and key in editor.doc.previews:
        figure.append(image(key, editor.doc.previews[key]["src"], {"alt": str(block.get("alt") or caption)}))
    elif kind == "product":
        product_id = str(block.get("product_id") or "")
        figure.append(product_card(editor.doc.products.get(product_id, {}), product_id, editor.t))
    elif kind == "video":
        figure.append(el("div", {"class": "video-frame"}, el("span", {"aria-hidden": "true"}, text="▶"),
                         el("span", text=str(block.get("url") or ""))))
    if caption:
        figure.append(el("figcaption", {"dir": "auto"}, text=caption))
    return figure
