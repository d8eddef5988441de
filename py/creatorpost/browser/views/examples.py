"""The help page's example articles, for learning by copying: the editor links to the examples
page, and "Start from this example" there opens the editor with `?example=<slug>`, which becomes
a new draft of the creator's own: its text, hashtags, products and photos (each photo uploads
again as the creator's, once signed in). The example's store coupons and repost choice belong to
its author and are left out by the endpoint.
"""

from typing import Any

import js

from creatorpost.browser.api import Offline, api_base, segment
from creatorpost.browser.dom import by_id, real, show
from creatorpost.browser.document import EditorDocument, new_key
from creatorpost.browser.editor import Editor
from creatorpost.browser.views.media import MediaView

EXAMPLE_PARAM = "example"


def link_examples(editor: Editor) -> None:
    """The editor's link to the examples page, on the endpoint wherever the editor is hosted."""
    by_id("examples-link").href = f"{api_base()}/examples?lang={editor.lang}"


def asked_example() -> str | None:
    """The slug in `?example=`, taken out of the address so a reload does not copy it again."""
    params = js.URLSearchParams.new(js.location.search)
    slug = real(params.get(EXAMPLE_PARAM))
    if slug is None:
        return None
    params.delete(EXAMPLE_PARAM)
    query = str(params.toString())
    js.history.replaceState(None, "", str(js.location.pathname) + (f"?{query}" if query else ""))
    return str(slug)


async def start_from_example(editor: Editor, photos: MediaView, slug: str) -> bool:
    status = by_id("example-status")
    show(status, True)
    try:
        answer = await editor.api.call("GET", f"/api/examples/{segment(slug)}")
    except Offline:
        status.textContent = editor.t("examples.failed", reason=editor.t("app.offline"))
        return False
    if not answer.ok:
        status.textContent = editor.t("examples.failed", reason=answer.error_message or answer.error_code)
        return False
    body: dict[str, Any] = answer.body
    document = EditorDocument(post={"schema": 1, "type": "article", "blocks": []},
                              products={str(k): dict(v) for k, v in (body.get("products") or {}).items()})
    post = dict(body.get("post") or {})
    media = body.get("media") or {}
    for name in ("title", "introduction", "hashtags"):
        if post.get(name):
            document.post[name] = post[name]
    banner = post.get("banner") if isinstance(post.get("banner"), dict) else None
    if banner is not None:
        picture = await _picture(photos, media.get(banner.get("media_id")), "banner")
        if picture is not None:
            document.previews["banner"] = picture
            if banner.get("alt"):
                document.post["banner"] = {"alt": banner["alt"]}  # its media id comes with the upload
    for block in post.get("blocks") or []:
        if not isinstance(block, dict) or block.get("kind") not in ("text", "image", "product", "video"):
            continue
        copied = {k: v for k, v in block.items() if k != "media_id"}
        key = new_key()
        if block.get("kind") == "image":
            picture = await _picture(photos, media.get(block.get("media_id")), f"photo-{len(document.keys) + 1}")
            if picture is None:
                continue
            document.previews[key] = picture
        document.post["blocks"].append(copied)
        document.keys.append(key)
    editor.new_post()
    editor.replace_document(document, reset_history=True)
    editor.change()
    status.textContent = editor.t("examples.started", title=str(body.get("name") or slug))
    await photos.upload_pending()
    return True


async def _picture(photos: MediaView, info: Any, name: str) -> dict[str, Any] | None:
    if not isinstance(info, dict) or not info.get("url"):
        return None
    url = str(info["url"])
    return await photos.adopt(url if "://" in url else api_base() + url, f"{name}.{info.get('format', 'jpeg')}")
