"""A post from elsewhere as an editor document: one of the creator's stored posts (My posts → Edit)
or a partner's prefill. The post's JSON becomes the document as is (the live checks then say what
is wrong with it, as with anything typed); what the editor shows beside it is fetched: each photo
(a thumbnail kept in the draft, so it survives going offline), product cards and coupon cards.
"""

import json
from typing import Any

from creatorpost.browser.api import Api, Offline, api_base, segment
from creatorpost.browser.document import EditorDocument

PRODUCT_PAGE = "https://www.aliexpress.com/item/{product_id}.html"  # what "Get info" resolves a product id from


def _media_ids(document: EditorDocument) -> dict[str, str]:
    """Preview slot ("banner" or a block's key) → the media id it shows."""
    slots: dict[str, str] = {}
    banner = document.post.get("banner")
    if isinstance(banner, dict) and isinstance(banner.get("media_id"), str):
        slots["banner"] = banner["media_id"]
    for key, block in zip(document.keys, document.blocks):
        if block.get("kind") == "image" and isinstance(block.get("media_id"), str):
            slots[key] = block["media_id"]
    return slots


async def _preview(api: Api, media_id: str, facts: dict[str, Any]) -> dict[str, Any] | None:
    if not {"format", "width", "height", "bytes"} <= facts.keys():
        return None
    path = f"/media/{media_id}"
    preview = {"media_id": media_id, "format": facts["format"], "width": facts["width"], "height": facts["height"],
               "bytes": facts["bytes"], "name": f"{media_id}.{facts['format']}", "src": api_base() + path}
    try:
        blob = await api.blob(path)
    except Offline:
        blob = None
    if blob is not None:
        from creatorpost.browser.image_engine import thumbnail  # the image machinery waits for a picture (views/media.py)

        preview["src"] = await thumbnail(blob, int(facts["width"]), int(facts["height"]))
    return preview


async def document_of(api: Api, post: dict[str, Any], media: dict[str, Any]) -> EditorDocument:
    """The document of a post; `media` holds the facts of its photos (GET /api/posts/{id} gives them
    to the author). Photos without facts stay in the post (the checks will say so), without preview."""
    document = EditorDocument.from_json(json.dumps({"post": post}))
    for slot, media_id in _media_ids(document).items():
        facts = media.get(media_id)
        preview = await _preview(api, media_id, facts) if isinstance(facts, dict) else None
        if preview is not None:
            document.previews[slot] = preview
    await fill_cards(api, document)
    return document


async def fill_cards(api: Api, document: EditorDocument) -> None:
    """Product cards and confirmed coupons the document lacks, as "Get info" and "Confirm" would show them."""
    try:
        for block in document.blocks:
            product_id = block.get("product_id")
            if block.get("kind") == "product" and isinstance(product_id, str) and product_id not in document.products:
                url = PRODUCT_PAGE.format(product_id=segment(product_id))
                answer = await api.call("GET", "/api/products/resolve?url=" + segment(url))
                if answer.ok and isinstance(answer.body, dict):
                    document.products[product_id] = dict(answer.body)
        if api.token is None:
            return  # coupons are checked for a signed-in creator only
        for group in document.post.get("coupons") or []:
            if not isinstance(group, dict) or not isinstance(group.get("store_id"), str):
                continue
            if group["store_id"] in document.coupons:
                continue
            answer = await api.call("POST", "/api/coupons/verify", body=group)
            if answer.ok and isinstance(answer.body, dict):
                document.coupons[group["store_id"]] = list(answer.body.get("coupons") or [])
    except Offline:
        return  # cards are a nicety: the post itself is complete without them
