"""My posts: the creator's posts on the endpoint (GET /api/posts, a page at a time) with their status
and public link; Edit opens one as a draft (its photos included) whose Create updates that post;
Delete, once confirmed, takes it down."""

from typing import Any

import js

from creatorpost.browser.api import Offline, segment
from creatorpost.browser.dom import by_id, clear, closest, el, on, real, show
from creatorpost.browser.editor import Editor
from creatorpost.browser.post_links import PostLink
from creatorpost.browser.stored_post import document_of
from creatorpost.browser.views.create import CreateView, page_url

PAGE_SIZE = 20


class MyPostsView:
    def __init__(self, editor: Editor, create: CreateView) -> None:
        self.editor = editor
        self.create = create
        self.dialog = by_id("posts-dialog")
        self.listing = by_id("posts-list")
        self.items: list[dict[str, Any]] = []
        self.cursor: str | None = None
        self.confirming: str | None = None  # the post whose Delete waits for "Delete" again

    def _say(self, text: str) -> None:
        note = by_id("posts-status")
        note.textContent = text
        show(note, bool(text))

    async def opened(self, _event: Any = None) -> None:
        self.items, self.cursor, self.confirming = [], None, None
        self.render()
        self.dialog.showModal()
        await self.load()

    async def load(self, _event: Any = None) -> None:
        t = self.editor.t
        if self.editor.api.token is None:
            self._say(t("posts.sign_in"))
            return
        self._say(t("posts.loading"))
        path = f"/api/posts?limit={PAGE_SIZE}" + (f"&cursor={segment(self.cursor)}" if self.cursor else "")
        try:
            answer = await self.editor.api.call("GET", path)
        except Offline:
            self._say(t("posts.offline"))
            return
        if not answer.ok:
            self._say(answer.error_message or t("posts.offline"))
            return
        self.items += list(answer.body.get("posts") or [])
        self.cursor = answer.body.get("next_cursor")
        self._say("" if self.items else t("posts.none"))
        self.render()

    def _status_text(self, item: dict[str, Any]) -> str:
        t = self.editor.t
        live = item.get("url") is not None
        status = str(item.get("status"))
        if status == "rejected":
            # Each reason is a sentence (a reviewer's come from the desk's list, then their note).
            reasons = " ".join(str(r.get("message") or r.get("code")) for r in item.get("rejection") or [])
            return t("posts.status.update_rejected" if live else "posts.status.rejected", reasons=reasons)
        if status == "pending_review":
            return t("posts.status.update_in_review" if live else "posts.status.pending_review")
        return t("posts.status.published")

    def render(self) -> None:
        clear(self.listing)
        t = self.editor.t
        for item in self.items:
            post_id = str(item["id"])
            title = str(item.get("title") or "") or t("drafts.untitled")
            when = js.Date.new(str(item.get("updated_at") or "")).toLocaleString(self.editor.lang)
            text = el("div", {"class": "draft-text"},
                      el("p", {"class": "draft-title"}, text=title),
                      el("p", {"class": "post-state", "data-status": str(item.get("status"))},
                         text=self._status_text(item)),
                      el("p", {"class": "hint"}, text=t("posts.updated", time=str(when))))
            if item.get("url"):
                text.append(el("a", {"href": str(item["url"]), "target": "_blank", "rel": "noopener",
                                     "class": "post-link"}, text=t("posts.public_link")))
            actions = el("div", {"class": "post-actions"})
            if self.confirming == post_id:
                actions.append(el("p", {"class": "confirm", "role": "alert"}, text=t("posts.confirm_delete", title=title)),
                               el("button", {"type": "button", "class": "primary small", "data-confirm": post_id},
                                  text=t("posts.delete_confirmed")),
                               el("button", {"type": "button", "class": "ghost small", "data-keep": post_id},
                                  text=t("posts.keep")))
            else:
                actions.append(el("button", {"type": "button", "class": "secondary small", "data-edit": post_id,
                                             "aria-label": f"{t('posts.edit')}: {title}"}, text=t("posts.edit")),
                               el("button", {"type": "button", "class": "ghost small", "data-delete": post_id,
                                             "aria-label": f"{t('posts.delete')}: {title}"}, text=t("posts.delete")))
            self.listing.append(el("li", {"class": "draft post", "data-post": post_id}, text, actions))
        show(by_id("posts-more"), self.cursor is not None)

    async def clicked(self, event: Any) -> None:
        button = closest(event, "button")
        if button is None:
            return
        def data(name: str) -> str | None:
            value = real(getattr(button.dataset, name, None))  # an absent data-* is undefined
            return str(value) if value is not None else None

        if (post_id := data("edit")) is not None:
            await self.edit(post_id)
        elif (post_id := data("delete")) is not None:
            self.confirming = post_id
            self.render()
            confirm = real(self.listing.querySelector(f'[data-confirm="{post_id}"]'))
            if confirm is not None:
                confirm.focus()
        elif data("keep") is not None:
            self.confirming = None
            self.render()
            kept = real(self.listing.querySelector(f'[data-delete="{data("keep")}"]'))
            if kept is not None:
                kept.focus()
        elif (post_id := data("confirm")) is not None:
            await self.delete(post_id)

    async def edit(self, post_id: str) -> None:
        """Open the post's newest version as a draft; the draft on this device already at it, if any."""
        t = self.editor.t
        self._say(t("posts.opening"))
        try:
            answer = await self.editor.api.call("GET", f"/api/posts/{segment(post_id)}")
            if not answer.ok:
                self._say(answer.error_message)
                return
            body = dict(answer.body)
            revision = int(body.get("revision") or 0)
            link = PostLink(post_id, revision, str(body.get("status")), page_url(body), list(body.get("reasons") or []))
            for draft_id in self.editor.links.drafts_of(post_id):
                kept = self.editor.links.get(draft_id)
                if kept is not None and kept.revision == revision and self.editor.open_draft(draft_id):
                    self.editor.links.heard(draft_id, link.status, link.url, link.reasons, revision)
                    break
            else:
                document = await document_of(self.editor.api, dict(body.get("post") or {}), dict(body.get("media") or {}))
                self.editor.open_as_new_draft(document, link)
        except Offline:
            self._say(t("posts.offline"))
            return
        self._say("")
        if real(self.dialog.open):
            self.dialog.close()
        self.create.render()
        self.create.refresh()
        by_id("draft-status").textContent = t("posts.opened")
        by_id("title").focus()

    async def delete(self, post_id: str) -> None:
        t = self.editor.t
        try:
            answer = await self.editor.api.call("DELETE", f"/api/posts/{segment(post_id)}")
        except Offline:
            self._say(t("posts.offline"))
            return
        if answer.status not in (204, 404):
            self._say(answer.error_message or t("posts.offline"))
            return
        for draft_id in self.editor.links.drafts_of(post_id):
            self.editor.links.forget(draft_id)  # their Create makes a new post from now on
        self.items = [item for item in self.items if item.get("id") != post_id]
        self.confirming = None
        self.render()
        self._say(t("posts.deleted"))
        self.create.render()
        self.create.refresh()


def bind(editor: Editor, create: CreateView) -> MyPostsView:
    view = MyPostsView(editor, create)
    create.open_newest = view.edit
    on(by_id("posts-open"), "click", view.opened)
    on(by_id("posts-close"), "click", lambda _e: view.dialog.close())
    on(by_id("posts-more"), "click", view.load)
    on(view.listing, "click", view.clicked)
    editor.on_language(view.render)
    return view
