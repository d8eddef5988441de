"""The editor in the browser: bind every part of the page, restore the draft, then say "ready".

What a creator typed before Python was ready is read from the inputs and kept.
"""

from typing import Any

import js

from creatorpost.browser.dom import by_id, on, real
from creatorpost.browser.editor import Editor
from creatorpost.browser.partner_api import expose
from creatorpost.browser.storage import local
from creatorpost.browser.storage_keys import LANGUAGE
from creatorpost.languages import pick_language
from creatorpost.browser.views import (
    blocks,
    coupons,
    create,
    drafts,
    examples,
    hashtags,
    media,
    preview,
    products,
    repost,
    session,
    text_fields,
    videos,
)


def _network(editor: Editor, online: bool) -> None:
    note = by_id("network-status")
    note.hidden = online
    note.textContent = "" if online else editor.t("app.offline")


async def start() -> None:
    asked = real(js.URLSearchParams.new(js.location.search).get("lang"))
    lang = pick_language([asked or local().get(LANGUAGE), *js.navigator.languages])
    editor = Editor(lang)
    for view in (text_fields, hashtags, blocks, products, videos, coupons,
                 repost, preview, drafts):
        view.bind(editor)
    photos = media.bind(editor)
    sending = create.bind(editor)
    signing_in = session.bind(editor)
    signing_in.listeners += [photos.upload_pending, sending.resume]
    editor.before_create.append(photos.upload_pending)

    editor.restore_on_start()
    typed_early = text_fields.adopt_typed_before_start(editor)
    editor.history.current = editor.doc.content_json()
    editor.set_language(lang)  # every word of the page, its screen-reader labels and its title
    by_id("language").value = lang

    examples.link_examples(editor)
    editor.on_language(lambda: examples.link_examples(editor))

    def language_chosen(_event: Any) -> None:
        local().set(LANGUAGE, str(by_id("language").value))
        editor.set_language(str(by_id("language").value))

    on(by_id("language"), "change", language_chosen)
    on(by_id("undo"), "click", editor.undo)
    on(by_id("redo"), "click", editor.redo)

    def shortcuts(event: Any) -> None:
        # The editor's own history, in text fields too: one undo step per field edit, across fields.
        if not (event.ctrlKey or event.metaKey) or str(event.key).lower() not in ("z", "y"):
            return
        event.preventDefault()
        if event.shiftKey or str(event.key).lower() == "y":
            editor.redo()
        else:
            editor.undo()

    on(js.document, "keydown", shortcuts)
    on(js.window, "online", lambda _e: _network(editor, True))
    on(js.window, "offline", lambda _e: _network(editor, False))
    _network(editor, bool(js.navigator.onLine))

    editor.render()
    if typed_early:
        editor.save_draft()
    expose()
    js.document.documentElement.dataset.python = "ready"
    js.performance.mark("python-ready")
    await signing_in.offer_demo()
    await signing_in.sign_in(signing_in.token_from_page())
    signing_in.ask_embedding_page()
    slug = examples.asked_example()
    if slug is not None:
        await examples.start_from_example(editor, photos, slug)
