"""The drafts dialog: every draft on this device with its title and time; open, delete, start anew."""

from typing import Any

import js

from creatorpost.browser.dom import by_id, clear, closest, el, on, real
from creatorpost.browser.editor import Editor
from creatorpost.browser.storage_keys import DRAFT


def bind(editor: Editor) -> None:
    dialog = by_id("drafts-dialog")
    listing = by_id("drafts-list")

    def render_list() -> None:
        clear(listing)
        t = editor.t
        for draft in editor.drafts.all():
            when = js.Date.new(draft.saved_at).toLocaleString(editor.lang)
            title = draft.title or t("drafts.untitled")
            current = draft.id == editor.draft_id
            open_label = f"{t('drafts.open_one')}: {title}"
            item = el("li", {"class": "draft" + (" current" if current else "")},
                      el("div", {"class": "draft-text"},
                         el("p", {"class": "draft-title", "dir": "auto"}, text=title + (f" {t('drafts.current')}" if current else "")),
                         el("p", {"class": "hint"}, text=str(when))),
                      el("button", {"type": "button", "class": "secondary small", "data-open": draft.id,
                                    "aria-label": open_label}, text=t("drafts.open_one")),
                      el("button", {"type": "button", "class": "ghost small", "data-delete": draft.id,
                                    "aria-label": f"{t('drafts.delete')}: {title}"}, text=t("drafts.delete")))
            listing.append(item)

    def opened(_event: Any) -> None:
        render_list()
        dialog.showModal()

    def clicked(event: Any) -> None:
        button = closest(event, "button")
        if button is None:
            return
        if real(getattr(button.dataset, "open", None)):  # an absent data-* is undefined: no attribute
            editor.open_draft(str(button.dataset.open))
            by_id("draft-status").textContent = editor.t("drafts.restored")
            dialog.close()
        elif real(getattr(button.dataset, "delete", None)):
            draft_id = str(button.dataset.delete)
            editor.drafts.delete(draft_id)
            if draft_id == editor.draft_id:
                editor.new_post()
            render_list()

    def new(_event: Any) -> None:
        editor.new_post()
        dialog.close()
        by_id("title").focus()

    def storage(event: Any) -> None:
        if real(event.key) is not None and str(event.key) == DRAFT + editor.draft_id:
            editor.draft_changed_elsewhere()

    on(by_id("drafts-open"), "click", opened)
    on(by_id("drafts-close"), "click", lambda _e: dialog.close())
    on(by_id("draft-new"), "click", new)
    on(listing, "click", clicked)
    on(js.window, "storage", storage)
