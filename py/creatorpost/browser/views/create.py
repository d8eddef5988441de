"""Create (or Update post): a final check with links to what is left to fix, then the post goes out once.

Pressing Create puts the post in the outbox with a fresh Idempotency-Key and tries to send it.
Offline, it waits and is sent when the network returns; every retry from any tab uses the same key,
so the endpoint makes one post, and a Web Lock per draft lets one tab at a time send it. Once the
endpoint has answered, the draft remembers the post it became (`post_links.py`): the button becomes
"Update post" and sends `PUT /api/posts/{id}` with If-Match of the revision this draft was sent as,
never a second post. Other tabs learn of every answer through storage events and update at once.
"""

from datetime import datetime
from typing import Any

import js
from pyodide.ffi import create_proxy

from creatorpost.browser.api import Answer, Offline, api_base
from creatorpost.browser.dom import by_id, clear, closest, el, maybe_id, on, real, show
from creatorpost.browser.editor import Editor
from creatorpost.browser.embedding import Embedding
from creatorpost.browser.locks import exclusively
from creatorpost.browser.outbox import Outbox, Pending
from creatorpost.browser.post_links import PostLink
from creatorpost.browser.storage import local
from creatorpost.browser.storage_keys import OUTBOX, POST_OF
from creatorpost.browser.views.findings import Shown, target_key
from creatorpost.share import share_links

STATUS_POLL_MS = 3000
FIRST_POLL_MIN_MS = 300
FIRST_POLL_MARGIN_MS = 250  # after the review is due: the worker needs a moment to publish


def page_url(body: dict[str, Any]) -> str | None:
    """The absolute public page of a post while a revision of it is published (wherever dist/ is hosted)."""
    if body.get("published_revision") is None and body.get("status") != "published":
        return None
    page = str(body.get("page_url") or f"/p/{body['id']}")
    return page if "://" in page else api_base() + page if api_base() else str(js.location.origin) + page


def _first_poll_ms(body: dict[str, Any]) -> int:
    """When review should have decided: the delay the endpoint gave (both times are the server's)."""
    try:
        due = datetime.fromisoformat(str(body["review_due_at"]))
        sent = datetime.fromisoformat(str(body.get("updated_at") or body["created_at"]))
        wait = int((due - sent).total_seconds() * 1000) + FIRST_POLL_MARGIN_MS
    except (KeyError, ValueError, TypeError):
        return STATUS_POLL_MS
    return max(FIRST_POLL_MIN_MS, min(wait, STATUS_POLL_MS * 10))


class CreateView:
    def __init__(self, editor: Editor, embedding: Embedding) -> None:
        self.editor = editor
        self.embedding = embedding
        self.outbox = Outbox(local())
        self._sending: set[str] = set()  # drafts this tab is sending right now
        self._polling: set[str] = set()  # drafts whose post this tab is watching
        self._announced: set[tuple[str, int]] = set()  # (post, revision) the partner heard was published
        self._shown_draft: str | None = None
        self._poll_proxy = create_proxy(self.poll)
        self.open_newest: Any = None  # set by the My posts view: opens a post's newest version as a draft

    # -- what the creator sees ----------------------------------------------------------------
    def _status(self, text: str, state: str) -> None:
        status = by_id("create-status")
        clear(status)
        status.setAttribute("data-state", state)
        if text:
            status.append(el("p", text=text))

    def render(self) -> None:
        """The button and the note say whether Create makes a post or updates the one this draft became."""
        t = self.editor.t
        link = self.editor.post_link
        by_id("create").textContent = t("create.update" if link else "create.button")
        note = by_id("post-link-note")
        clear(note)
        show(note, link is not None)
        if link is not None:
            title = self.editor.doc.title_text() or t("drafts.untitled")
            if link.published and link.url:
                note.append(el("span", text=t("post.editing_published", title=title) + " "),
                            el("a", {"href": link.url, "target": "_blank", "rel": "noopener"},
                               text=t("post.view_published")))
            else:
                note.append(el("span", text=t("post.editing_sent", title=title)))
        if self.editor.draft_id != self._shown_draft:
            self._shown_draft = self.editor.draft_id
            self.refresh()
            if link is not None and self.editor.api.token is not None:
                self._watch(self.editor.draft_id, 0)  # a draft opened again: what is its post's status now?

    def refresh(self) -> None:
        """Show this draft's state as the device knows it (after opening it, or another tab's news)."""
        draft_id = self.editor.draft_id
        if draft_id in self._sending:
            return
        if self.outbox.for_draft(draft_id) is not None:
            self._status(self.editor.t("create.queued_offline"), "queued")
            return
        link = self.editor.post_link
        if link is None:
            self._status("", "idle")
        else:
            self._show_link(link)

    def _show_link(self, link: PostLink) -> None:
        t = self.editor.t
        reasons = " ".join(str(r.get("message") or r.get("code")) for r in link.reasons)
        if link.status == "published":
            self._status(t("create.published"), "published")
        elif link.status == "rejected":
            self._status(t("create.update_rejected" if link.published else "create.rejected", reasons=reasons),
                         "rejected")
        else:
            self._status(t("create.update_in_review" if link.published else "create.in_review"), "pending_review")
        if link.url:
            by_id("create-status").append(el("a", {"href": link.url, "target": "_blank", "rel": "noopener"},
                                              text=t("create.view")))
            if link.status == "published":
                self._share(link.url, self.editor.doc.post)

    def _list_problems(self, problems: list[Shown]) -> None:
        box = by_id("create-problems")
        clear(box)
        show(box, bool(problems))
        if not problems:
            return
        items = el("ul")
        for problem in problems:
            key = target_key(problem.field)
            link = el("a", {"href": f"#{_focus_target(key)}"}, text=problem.text) if key else el("span", text=problem.text)
            items.append(el("li", None, link))
        box.append(el("p", text=self.editor.t("create.fix_first")), items)
        box.focus()

    # -- pressing the button ------------------------------------------------------------------
    async def submit(self, _event: Any) -> None:
        if self.editor.draft_id in self._sending:
            return  # the first press is still on its way; its answer decides what a second press sends
        if self.editor.api.token is None:  # photos upload only once signed in: check the rest after that
            self._list_problems([])
            self._status(self.editor.t("create.sign_in"), "error")
            return
        for step in self.editor.before_create:
            await step()
        report = self.editor.validate("publish")
        problems = [s for s in self.editor.shown(report) if s.severity == "error"]
        self._list_problems(problems)
        if problems:
            self.editor.showing = "publish"
            self.editor.check()
            self._status("", "idle")
            return
        self.editor.showing = "draft"
        post = self.editor.doc.post_for_create()
        link = self.editor.post_link
        if link is not None and link.revision == 0:  # kept by an earlier version: learn the revision first
            await self.poll(self.editor.draft_id, again=False)
            link = self.editor.post_link
        pending = self.outbox.queue(self.editor.draft_id, post, float(js.Date.now()),
                                    post_id=link.post_id if link else None,
                                    base_revision=link.revision if link else None)
        await self.send(pending)

    async def send(self, pending: Pending) -> None:
        draft_id = pending.draft_id
        if draft_id in self._sending:
            return
        self._sending.add(draft_id)
        try:
            ran = await exclusively(f"creatorpost.send.{draft_id}", lambda: self._send_now(draft_id))
        finally:
            self._sending.discard(draft_id)
        if not ran and draft_id == self.editor.draft_id:
            self.refresh()  # another tab is sending it; its answer reaches us as a storage event

    async def _send_now(self, draft_id: str) -> None:
        """Send the draft's waiting entry, as this tab alone may now (re-read: another tab may have sent it)."""
        pending = self.outbox.for_draft(draft_id)
        if pending is None:
            return
        link = self.editor.links.get(draft_id)
        if link is not None and (not pending.is_update or pending.post_id != link.post_id):
            # Became a post meanwhile (another tab's Create was answered first): this is an update of it.
            pending = self.outbox.queue(draft_id, pending.post, float(js.Date.now()), post_id=link.post_id,
                                        base_revision=link.revision)
        current = draft_id == self.editor.draft_id
        if current:
            self._status(self.editor.t("create.sending"), "sending")
        try:
            if pending.is_update:
                answer = await self.editor.api.call(
                    "PUT", f"/api/posts/{pending.post_id}", body=pending.post,
                    headers={"Idempotency-Key": pending.key, "If-Match": f'"{pending.base_revision}"'})
            else:
                answer = await self.editor.api.call("POST", "/api/posts", body=pending.post,
                                                    headers={"Idempotency-Key": pending.key})
        except Offline:
            if current:
                self._status(self.editor.t("create.queued_offline"), "queued")
            return
        self._answered(pending, answer)

    def _answered(self, pending: Pending, answer: Answer) -> None:
        draft_id = pending.draft_id
        current = draft_id == self.editor.draft_id
        t = self.editor.t
        if answer.status == 202 or answer.ok:
            body = dict(answer.body)
            link = self.editor.links.sent(draft_id, PostLink(str(body["id"]), int(body.get("revision") or 1),
                                                             str(body["status"]), page_url(body)))
            self.outbox.done(draft_id)
            if current:
                self.render()
                self._show_link(link)
            self._watch(draft_id, _first_poll_ms(body))
            return
        if answer.status in (401, 403) or answer.status >= 500 or answer.status == 429:
            if current:  # kept in the outbox: sent again after sign-in or when the endpoint is back
                self._status(t("create.sign_in") if answer.status in (401, 403) else
                             t("create.failed", reason=answer.error_message or str(answer.status)), "error")
            self.embedding.send("error", code=answer.error_code or f"http.{answer.status}")
            return
        self.outbox.done(draft_id)
        self.embedding.send("error", code=answer.error_code or f"http.{answer.status}")
        if not current:
            return
        if answer.status == 422 and isinstance(answer.body, dict) and answer.body.get("findings"):
            self._list_problems([Shown(f["field"], f["severity"], f.get("message") or f["code"])
                                 for f in answer.body["findings"] if f.get("severity") == "error"])
            self._status("", "idle")
        elif answer.status == 412:
            self._status(answer.error_message, "error")
            self._offer_newest(pending.post_id)
        elif answer.status in (404, 410) and pending.is_update:
            self.editor.links.forget(draft_id)
            self.render()
            self._status(t("create.post_gone"), "error")
        else:
            self._status(t("create.failed", reason=answer.error_message or str(answer.status)), "error")

    def _offer_newest(self, post_id: str | None) -> None:
        if post_id is None or self.open_newest is None:
            return
        button = el("button", {"type": "button", "class": "secondary small", "data-open-post": post_id},
                    text=self.editor.t("create.open_newest"))
        by_id("create-status").append(button)

    def _share(self, page: str, post: dict[str, Any]) -> None:
        """Share links for the networks chosen under "Repost to SNS": desktop only while in testing.
        They open the network's own share page; nothing is sent to any network from here."""
        if self.editor.rules.repost.desktop_only and self.editor.platform != "desktop":
            return
        links = share_links(post.get("repost") or [], page, str(post.get("title") or ""), rules=self.editor.rules)
        if not links:
            return
        t = self.editor.t
        items = el("ul", {"class": "share-links"})
        for link in links:
            items.append(el("li", None, el("a", {"href": link.href, "target": "_blank", "rel": "noopener noreferrer"},
                                           text=t("share.on", network=t(f"repost.network.{link.network}")))))
        by_id("create-status").append(el("nav", {"aria-label": t("share.heading")}, items))

    # -- hearing back -------------------------------------------------------------------------
    def _watch(self, draft_id: str, delay_ms: int) -> None:
        if draft_id not in self._polling:
            self._polling.add(draft_id)
            js.setTimeout(self._poll_proxy, delay_ms, draft_id)

    async def poll(self, draft_id: str, again: bool = True) -> None:
        self._polling.discard(draft_id)
        link = self.editor.links.get(draft_id)
        if link is None or self.editor.api.token is None:
            return
        try:
            answer = await self.editor.api.call("GET", f"/api/posts/{link.post_id}")
        except Offline:
            if again:
                self._watch(draft_id, STATUS_POLL_MS)
            return
        if answer.status in (404, 410):
            self.editor.links.forget(draft_id)
            if draft_id == self.editor.draft_id:
                self.render()
                self._status(self.editor.t("create.post_gone"), "error")
            return
        if not answer.ok:
            return
        body = dict(answer.body)
        heard = self.editor.links.heard(draft_id, str(body.get("status")), page_url(body),
                                        list(body.get("reasons") or []), int(body.get("revision") or 0))
        if heard is None:
            return
        if body.get("status") == "published":
            self._announce(body)
        if draft_id == self.editor.draft_id and draft_id not in self._sending:
            self.render()
            self._show_link(heard)
        if again and body.get("status") == "pending_review":
            self._watch(draft_id, STATUS_POLL_MS)

    def _announce(self, body: dict[str, Any]) -> None:
        """Tell the embedding partner, once per revision, that a post went live."""
        published = (str(body["id"]), int(body.get("revision") or 0))
        if published not in self._announced:
            self._announced.add(published)
            self.embedding.send("published", id=published[0], url=page_url(body), revision=published[1])

    async def flush(self, _event: Any = None) -> None:
        """Send what waits in the outbox (back online, or a new tab)."""
        if self.editor.api.token is None:
            return
        for pending in self.outbox.all():
            await self.send(pending)

    async def resume(self) -> None:
        """After a reload or a sign-in: send what waits, and watch the post this draft became."""
        self.refresh()
        if self.outbox.all():
            await self.flush()
        if self.editor.post_link is not None and self.editor.api.token is not None:
            await self.poll(self.editor.draft_id)

    def stored_elsewhere(self, event: Any) -> None:
        """Another tab queued, sent or heard back about this draft: show it now."""
        key = real(event.key)
        if key is None:
            return
        draft_id = self.editor.draft_id
        if str(key) in (OUTBOX + draft_id, POST_OF + draft_id):
            self.render()
            self.refresh()


def _focus_target(key: str) -> str:
    """The id a problem's link should jump to: the field itself when it exists, else its message."""
    return key if maybe_id(key) is not None else f"{key}-message"


def bind(editor: Editor, embedding: Embedding) -> CreateView:
    view = CreateView(editor, embedding)
    on(by_id("post-form"), "submit", view.submit, prevent=lambda _event: True)
    on(js.window, "online", view.flush)
    on(js.window, "storage", view.stored_elsewhere)
    editor.on_render(view.render)
    editor.on_language(view.refresh)

    def jump(event: Any) -> None:
        link = closest(event, "a[href^='#']")
        if link is None:
            return
        target = maybe_id(str(link.getAttribute("href"))[1:])
        if target is not None:
            event.preventDefault()
            target.scrollIntoView()
            target.focus()

    async def status_clicked(event: Any) -> None:
        button = closest(event, "button[data-open-post]")
        if button is not None and view.open_newest is not None:
            await view.open_newest(str(button.dataset.openPost))

    on(by_id("create-problems"), "click", jump)
    on(by_id("create-status"), "click", status_clicked)
    return view
