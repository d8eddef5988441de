"""The post on the review desk as readers will see it (banner, title, byline, introduction, tags, body, coupons,
in the reader page's order and with the editor's product and coupon cards), each part with the automatic
findings that concern it beside it. A finding names its part by its field (`title`, `hashtags.0`,
`blocks.2.caption`, `coupons.0.coupon_ids.1`); one that names no part shown goes above the post.

The creator's words are isolated (`dir="auto"`, `<bdi>`) as on the reader's page.
"""

from collections.abc import Callable
from typing import Any

from creatorpost.browser.dom import el
from creatorpost.browser.views.blocks import product_card
from creatorpost.browser.views.coupons import coupon_card
from creatorpost.languages import FALLBACK_LANG
from creatorpost.messages import catalog, message
from creatorpost.review_reasons import part_of
from creatorpost.text import normalize_introduction, normalize_title

Words = Callable[..., str]


def findings_by_part(findings: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    parts: dict[str, list[dict[str, Any]]] = {}
    for finding in findings:
        parts.setdefault(part_of(finding.get("field")), []).append(finding)
    return parts


def finding_text(finding: dict[str, Any], lang: str) -> str:
    """A finding in the desk's language now (the endpoint's words were in the language of the request that loaded
    it); a code this page's catalogs do not know keeps the endpoint's words."""
    code = str(finding.get("code") or "")
    params = finding.get("params")
    if code in catalog(FALLBACK_LANG):
        return message(code, params if isinstance(params, dict) else {}, lang)
    return str(finding.get("message") or code)


def _flags(findings: list[dict[str, Any]], t: Words, lang: str) -> Any | None:
    if not findings:
        return None
    notes = el("ul", {"class": "desk-flags", "aria-label": t("desk.finding_label")})
    for finding in findings:
        notes.append(el("li", {"class": "desk-flag", "data-code": str(finding.get("code"))},
                        text=finding_text(finding, lang)))
    return notes


def _part(name: str, content: list[Any], flagged: dict[str, list[dict[str, Any]]], t: Words, lang: str) -> Any:
    findings = flagged.get(name, [])
    attrs = {"class": "desk-part", "data-part": name}
    if findings:
        attrs["data-flagged"] = "true"
    return el("div", attrs, el("div", {"class": "desk-part-body"}, *content), _flags(findings, t, lang))


def render_post(item: dict[str, Any], pictures: dict[str, str], t: Words, lang: str) -> list[Any]:
    """The nodes of the post; `pictures` maps a media id to an address the page may load (a blob: URL)."""
    post: dict[str, Any] = item.get("post") or {}
    flagged = findings_by_part(list(item.get("findings") or []))
    nodes: list[Any] = []
    general = _flags(flagged.get("post", []), t, lang)
    if general is not None:
        nodes.append(el("div", {"class": "desk-part", "data-part": "post", "data-flagged": "true"},
                        el("div", {"class": "desk-part-body"}, el("p", {"class": "hint"}, text=t("desk.part.post"))),
                        general))
    banner = post.get("banner")
    if isinstance(banner, dict):
        media_id = str(banner.get("media_id") or "")
        alt = str(banner.get("alt") or "")
        picture = (el("img", {"class": "article-banner", "src": pictures[media_id], "alt": alt})
                   if media_id in pictures else el("p", {"class": "hint"}, text=media_id))
        nodes.append(_part("banner", [picture], flagged, t, lang))
    title = normalize_title(str(post.get("title") or "")) or t("desk.untitled")
    creator = item.get("creator") or {}
    byline = t("desk.byline", name=str(creator.get("display_name") or creator.get("handle") or ""),
               level=t(f"session.level.{creator.get('level', 'basic')}"))
    nodes.append(_part("title", [el("h3", {"id": "desk-post-title", "class": "desk-title", "dir": "auto"}, text=title),
                                 el("p", {"class": "hint"}, text=byline)], flagged, t, lang))
    intro = normalize_introduction(str(post.get("introduction") or ""))
    if intro or "introduction" in flagged:
        shown = el("p", {"class": "article-intro", "dir": "auto"}, text=intro)
        nodes.append(_part("introduction", [shown], flagged, t, lang))
    tags = [str(tag) for tag in post.get("hashtags") or [] if isinstance(tag, str)]
    if tags or "hashtags" in flagged:
        line = el("p", {"class": "article-tags"})
        for tag in tags:
            line.append(el("bdi", text=f"#{tag}"), " ")
        nodes.append(_part("hashtags", [line], flagged, t, lang))
    for index, block in enumerate(post.get("blocks") or []):
        if isinstance(block, dict):
            nodes.append(_part(f"blocks.{index}", [_block(block, item, pictures, t)], flagged, t, lang))
    cards = el("ul", {"class": "coupon-cards"})
    shown = 0
    for group in post.get("coupons") or []:
        if isinstance(group, dict):
            for coupon in (item.get("coupons") or {}).get(str(group.get("store_id")), []):
                cards.append(coupon_card(coupon, t, lang))
                shown += 1
    if shown or "coupons" in flagged:
        nodes.append(_part("coupons", [cards], flagged, t, lang))
    return nodes


def _block(block: dict[str, Any], item: dict[str, Any], pictures: dict[str, str], t: Words) -> Any:
    kind = block.get("kind")
    caption = str(block.get("caption") or "")
    if kind == "text":
        return el("p", {"class": "article-text", "dir": "auto"}, text=str(block.get("text") or ""))
    figure = el("figure", {"class": f"article-block block-{kind}"})
    if kind == "image":
        media_id = str(block.get("media_id") or "")
        figure.append(el("img", {"src": pictures[media_id], "alt": str(block.get("alt") or caption)})
                      if media_id in pictures else el("p", {"class": "hint"}, text=media_id))
    elif kind == "product":
        product_id = str(block.get("product_id") or "")
        figure.append(product_card((item.get("products") or {}).get(product_id, {}), product_id, t))
    elif kind == "video":
        figure.append(el("div", {"class": "video-frame"}, el("span", {"aria-hidden": "true"}, text="▶"),
                         el("span", {"dir": "ltr"}, text=t("desk.video", url=str(block.get("url") or "")))))
    if caption:
        figure.append(el("figcaption", {"dir": "auto"}, text=caption))
    return figure
