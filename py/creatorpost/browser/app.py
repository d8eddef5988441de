"""The editor in the browser: bind every part of the page, restore the draft, then say "ready".

What a creator typed before Python was ready is read from the inputs and kept, and what they
pressed is done (early_presses). Inside a partner's page (browser/embedding.py) the editor works
only for a partner the studio lists, and then tells that partner when it is ready, how tall it is,
and what happens to the post.
"""

from typing import Any

import js

from creatorpost.browser import early_presses
from creatorpost.browser.dom import by_id, on, real, show
from creatorpost.browser.editor import Editor
from creatorpost.browser.embedding import Embedding
from creatorpost.browser.partner_api import expose
from creatorpost.browser.storage import local
from creatorpost.browser.storage_keys import LANGUAGE
from creatorpost.browser.stored_post import document_of
from creatorpost.languages import pick_language
from creatorpost.browser.views import (
    blocks,
    coupons,
    create,
    desk,
    drafts,
    examples,
    hashtags,
    media,
    my_posts,
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


def _refuse(editor: Editor, embedding: Embedding) -> None:
    """Framed by a site the studio does not list: no editor at all, only a sentence saying why."""
    root = js.document.documentElement
    root.dataset.embed = "refused"
    note = by_id("embed-refused")
    note.textContent = editor.t("embed.refused", site=embedding.embedder or "?")
    show(note, True)
    root.dataset.python = "ready"


async def start() -> None:
    js.performance.mark("python-imported")
    asked = real(js.URLSearchParams.new(js.location.search).get("lang"))
    lang = pick_language([asked or local().get(LANGUAGE), *js.navigator.languages])
    editor = Editor(lang)
    embedding = Embedding()
    if embedding.framed:
        js.document.documentElement.dataset.embedded = "partner" if embedding.partner else "self"
    if not embedding.permitted:
        if lang != "en":
            editor.set_language(lang)
        _refuse(editor, embedding)
        return
    editor.api.partner = embedding.partner
    for view in (text_fields, hashtags, blocks, products, videos, coupons,
                 repost, preview, drafts):
        view.bind(editor)
    photos = media.bind(editor)
    sending = create.bind(editor, embedding)
    my_posts.bind(editor, sending)
    signing_in = session.bind(editor, embedding)
    signing_in.desk = desk.bind(editor).enter  # a reviewer's sign-in opens the review desk instead
    signing_in.listeners += [photos.upload_pending, sending.resume]
    editor.before_create.append(photos.upload_pending)
    editor.saved_listeners.append(embedding.draft_saved)
    editor.links.adopt_legacy()

    async def prefill(data: dict[str, Any]) -> None:
        """A partner's post to start from (e.g. its product links): checked like anything typed."""
        post = data.get("post")
        if not isinstance(post, dict):
            embedding.send("error", code="prefill.invalid")
            return
        document = await document_of(editor.api, post, {})
        if editor.doc.is_blank() and editor.post_link is None:
            editor.replace_document(document, reset_history=True)
            editor.save_draft()
        else:
            editor.open_as_new_draft(document, None)

    embedding.on_message("prefill", prefill)
    embedding.listen()

    editor.restore_on_start()
    typed_early = text_fields.adopt_typed_before_start(editor)
    editor.history.current = editor.doc.content_json()
    editor.set_language(lang)  # every word of the page, its screen-reader labels and its title; then renders and checks
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

    if typed_early:
        editor.save_draft()
    expose()
    js.document.documentElement.dataset.python = "ready"  # the page stops keeping presses: replay them
    js.performance.mark("python-ready")
    early_presses.replay()
    await signing_in.offer_demo()
    await signing_in.sign_in(signing_in.token_from_page())
    early_presses.replay(early_presses.AFTER_SIGN_IN)
    slug = examples.asked_example()
    if slug is not None:
        await examples.start_from_example(editor, photos, slug)
    embedding.ready()  # the partner answers with the creator's token
    embedding.watch_height()
