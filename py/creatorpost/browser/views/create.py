"""Create: a final check with links to what is left to fix, then the post goes out exactly once.

Pressing Create puts the post in the outbox with a fresh Idempotency-Key and tries to send
it. Offline, it waits and is sent when the network returns; every retry from any tab uses
the same key, so the endpoint makes one post. After that the creator sees the review
promise, then the post's real status.
"""

from typing import Any

import js
from pyodide.ffi import create_proxy

from creatorpost.browser.api import Answer, Offline, api_base
from creatorpost.browser.dom import by_id, clear, closest, el, maybe_id, on, show
from creatorpost.browser.editor import Editor
from creatorpost.browser.outbox import Outbox, Pending
from creatorpost.browser.storage import local
from creatorpost.browser.views.findings import Shown, target_key
from creatorpost.share import share_links

STATUS_POLL_MS = 3000
SENT = "creatorpost.sent."  # + draft id -> the id of the post made from it


class CreateView:
    def __init__(self, editor: Editor) -> None:
        self.editor = editor
        self.outbox = Outbox(local())
        self._sending: set[str] = set()
        self._poll_proxy = create_proxy(self.poll)

    def _status(self, text: str, state: str) -> None:
        status = by_id("create-status")
        clear(status)
        status.setAttribute("data-state", state)
        status.append(el("p", text=text))

    async def submit(self, _event: Any) -> None:
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
        pending = self.outbox.queue(self.editor.draft_id, post, float(js.Date.now()))
        await self.send(pending)

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

    async def send(self, pending: Pending) -> None:
        if pending.key in self._sending:
            return
        self._sending.add(pending.key)
        try:
            self._status(self.editor.t("create.sending"), "sending")
            answer = await self.editor.api.call("POST", "/api/posts", body=pending.post,
                                                headers={"Idempotency-Key": pending.key})
        except Offline:
            self._status(self.editor.t("create.queued_offline"), "queued")
            return
        finally:
            self._sending.discard(pending.key)
        self._answered(pending, answer)

    def _answered(self, pending: Pending, answer: Answer) -> None:
        if answer.status == 202 or answer.ok:
            self.outbox.done(pending.draft_id)
            local().set(SENT + pending.draft_id, str(answer.body["id"]))
            self._show_post_status(str(answer.body["id"]), str(answer.body["status"]), answer.body)
            return
        if answer.status == 422 and isinstance(answer.body, dict) and answer.body.get("findings"):
            self.outbox.done(pending.draft_id)
            self._list_problems([Shown(f["field"], f["severity"], f.get("message") or f["code"])
                                 for f in answer.body["findings"] if f.get("severity") == "error"])
            self._status("", "idle")
            return
        if answer.status in (401, 403):
            self._status(self.editor.t("create.sign_in"), "error")
            return
        if answer.status >= 500 or answer.status == 429:
            self._status(self.editor.t("create.failed", reason=answer.error_message or str(answer.status)), "error")
            return
        self.outbox.done(pending.draft_id)
        self._status(self.editor.t("create.failed", reason=answer.error_message or str(answer.status)), "error")

    def _show_post_status(self, post_id: str, status: str, body: dict[str, Any]) -> None:
        t = self.editor.t
        if status == "published":
            self._status(t("create.published"), "published")
            page = str(body.get("page_url") or f"/p/{post_id}")
            page = page if "://" in page else (api_base() or str(js.location.origin)) + page  # wherever dist/ is
            by_id("create-status").append(el("a", {"href": str(page), "target": "_blank", "rel": "noopener"},
                                              text=t("create.view")))
            post = body.get("post")
            self._share(page, post if isinstance(post, dict) else self.editor.doc.post)
            return
        if status == "rejected":
            reasons = "; ".join(str(r.get("message") or r.get("code")) for r in body.get("reasons") or [])
            self._status(t("create.rejected", reasons=reasons), "rejected")
            return
        self._status(t("create.in_review"), "pending_review")
        js.setTimeout(self._poll_proxy, STATUS_POLL_MS, post_id)

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

    async def poll(self, post_id: str) -> None:
        try:
            answer = await self.editor.api.call("GET", f"/api/posts/{post_id}")
        except Offline:
            js.setTimeout(self._poll_proxy, STATUS_POLL_MS, post_id)
            return
        if answer.ok:
            self._show_post_status(post_id, str(answer.body.get("status")), answer.body)

    async def flush(self, _event: Any = None) -> None:
        """Send what waits in the outbox (back online, or a new tab)."""
        if self.editor.api.token is None:
            return
        for pending in self.outbox.all():
            await self.send(pending)

    async def resume(self) -> None:
        """After a reload or a sign-in: the status of the post made from this draft, or the one still waiting."""
        pending = self.outbox.for_draft(self.editor.draft_id)
        if pending is not None:
            self._status(self.editor.t("create.queued_offline"), "queued")
            await self.flush()
            return
        sent = local().get(SENT + self.editor.draft_id)
        if sent is not None and self.editor.api.token is not None:
            await self.poll(str(sent))


def _focus_target(key: str) -> str:
    """The id a problem's link should jump to: the field itself when it exists, else its message."""
    return key if maybe_id(key) is not None else f"{key}-message"


def bind(editor: Editor) -> CreateView:
    view = CreateView(editor)
    on(by_id("post-form"), "submit", view.submit, prevent=lambda _event: True)
    on(js.window, "online", view.flush)

    def jump(event: Any) -> None:
        link = closest(event, "a[href^='#']")
        if link is None:
            return
        target = maybe_id(str(link.getAttribute("href"))[1:])
        if target is not None:
            event.preventDefault()
            target.scrollIntoView()
            target.focus()

    on(by_id("create-problems"), "click", jump)
    return view
