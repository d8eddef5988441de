"""The review desk: what a reviewer's sign-in shows instead of the editor (docs/ARCHITECTURE.md, "The review
desk"). The queue on one side, the claimed post in the middle as readers will see it with the automatic
findings beside the parts they concern, the creator and the time left on the other side, and the decision.

Everything works from the keyboard: A approves, R opens the reasons (1, 2, 3... pick them in the rule file's
order, Enter rejects, Esc goes back), N passes the post to another reviewer and opens the next. Opening a post
claims it (POST /api/review/{id}/claim), so two reviewers never work on the same one; a post another reviewer
holds is skipped. `#desk[data-state]` says where the desk is: loading, ready (a post is open), busy, empty,
offline, error.
"""

import asyncio
from collections.abc import Coroutine
from typing import Any

import js

from creatorpost.browser.api import Answer, Offline, query_string, segment
from creatorpost.browser.dom import by_id, clear, closest, el, on, real, show
from creatorpost.browser.editor import Editor
from creatorpost.browser.views.desk_panels import draw_facts, draw_figures, draw_queue, draw_reasons, title_of
from creatorpost.browser.views.desk_post import render_post
from creatorpost.languages import SUPPORTED_LANGS
from creatorpost.messages import message
from creatorpost.review_reasons import review_rules

QUEUE_PAGE = 50
# Requests are few so a reviewer never meets the per-token rate limit: after a decision the next post
# comes from the queue as loaded while it is this fresh (a post another reviewer took meanwhile is
# refused by its claim), and the figures are asked for at most this often.
QUEUE_FRESH_MS = 30_000
FIGURES_FRESH_MS = 15_000
RATE_LIMIT_TRIES = 3
RATE_LIMIT_WAIT_MAX_S = 10.0
# Answers saying the post is no longer this reviewer's to decide (decided, withdrawn, another's claim, a newer
# revision): the desk moves on. Any other failure leaves the post where it is.
GONE = (404, 409)


def gone(answer: Answer) -> bool:
    """The endpoint itself said so (its `review.*` codes): a proxy's bare 404 says nothing of the post."""
    return answer.status in GONE and answer.error_code.startswith("review.")


class Desk:
    def __init__(self, editor: Editor) -> None:
        self.editor = editor
        self.root = by_id("desk")
        self.active = False
        self.items: list[dict[str, Any]] = []  # the queue as last loaded
        self.total = 0
        self.current: dict[str, Any] | None = None  # the claimed post, as the claim answered
        self.skipped: list[str] = []  # passed over with Next: opened again only after the others
        self.busy = False
        self.rejecting = False
        self.pictures: dict[str, str] = {}  # media id -> blob: address of the open post's photos
        self.figures: dict[str, Any] | None = None
        self.loaded_at = 0.0  # when the queue was last loaded (ms, Date.now())
        self.figures_at = 0.0
        self.last_said = ""  # what the last decision (or Next) said: kept when the desk then says nothing waits
        self._tasks: set[Any] = set()

    def t(self, key: str, **params: Any) -> str:
        return self.editor.t(key, **params)

    def _run(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _state(self, state: str) -> None:
        self.root.dataset.state = state

    def _say(self, text: str) -> None:
        by_id("desk-status").textContent = text

    # -- entering and leaving ------------------------------------------------------------
    async def enter(self, reviewer: dict[str, Any] | None) -> None:
        """Show the desk for a reviewer (the editor for anyone else)."""
        root = js.document.documentElement
        self.active = reviewer is not None
        show(self.root, self.active)
        if not self.active:
            root.removeAttribute("data-view")
            return
        root.dataset.view = "desk"
        self.current, self.skipped = None, []
        self.render_reasons()
        await self.refresh()

    async def refresh(self, _event: Any = None) -> None:
        self.last_said = ""
        self._state("loading")
        self._say(self.t("desk.loading"))
        await self._advance(reload=True)
        if self.current is not None:
            self._say("")

    async def _advance(self, reload: bool = False) -> None:
        """Open the next post: from the queue as loaded while that is fresh, else from the queue loaded again;
        the desk says so when nothing waits."""
        if not reload and js.Date.now() - self.loaded_at < QUEUE_FRESH_MS and await self._open_next() is not False:
            self._figures_soon()
            return
        if await self._load_queue() and await self._open_next() is False:
            await self._show(None)
        self._figures_soon(force=reload)

    def _let_go(self) -> None:
        """The open post is decided or passed on: it stays in view until the next opens, never to be decided again."""
        self.current = None
        for button in ("desk-approve", "desk-reject"):
            by_id(button).disabled = True

    def _refused(self, answer: Answer) -> str:
        """What the endpoint (or a load balancer in front of it) said was wrong; a generic word when it said none."""
        return answer.error_message or message("server.error", {}, self.editor.lang)

    # -- the queue -----------------------------------------------------------------------
    async def _call(self, method: str, path: str, body: Any = None) -> Answer | None:
        """The endpoint's answer; None when offline (said on the desk). Too many requests: waits as told, and
        tries again a few times."""
        for _ in range(RATE_LIMIT_TRIES):
            try:
                answer = await self.editor.api.call(method, path, body=body)
            except Offline:
                self._state("offline")
                self._say(self.t("desk.offline"))
                return None
            if answer.status != 429:
                return answer
            self._say(answer.error_message)
            await asyncio.sleep(min(RATE_LIMIT_WAIT_MAX_S, float(answer.retry_after or 1)))
        return answer

    async def _load_queue(self) -> bool:
        params = {"limit": str(QUEUE_PAGE)}
        for name, select in (("language", "desk-language"), ("flag", "desk-flag")):
            if str(by_id(select).value):
                params[name] = str(by_id(select).value)
        answer = await self._call("GET", "/api/review/queue?" + query_string(params))
        if answer is None:
            return False
        if not answer.ok:
            self._state("error")
            self._say(self._refused(answer))
            return False
        self.items = list(answer.body.get("items") or [])
        self.total = int(answer.body.get("total") or 0)
        self.loaded_at = float(js.Date.now())
        self.render_queue()
        return True

    def _figures_soon(self, force: bool = False) -> None:
        if force or js.Date.now() - self.figures_at >= FIGURES_FRESH_MS:
            self.figures_at = float(js.Date.now())
            self._run(self._load_figures())

    async def _load_figures(self) -> None:
        answer = await self._call("GET", "/api/review/stats")
        if answer is not None and answer.ok:
            self.figures = dict(answer.body)
            self.render_figures()

    def _candidates(self) -> list[str]:
        """Posts to open, in queue order: not held by another reviewer, the ones passed over last."""
        free = [str(i["post_id"]) for i in self.items if not (i.get("claim") and not i["claim"].get("mine"))]
        fresh = [p for p in free if p not in self.skipped]
        return fresh + [p for p in self.skipped if p in free]

    async def _open_next(self) -> bool | None:
        """Claim and show the first post that can be had: True; False when none could; None when the network is
        gone or the endpoint failed (the desk says which; the posts still wait, so it never says nothing does)."""
        for post_id in self._candidates():
            answer = await self._call("POST", f"/api/review/{segment(post_id)}/claim")
            if answer is None:
                return None
            if answer.ok:
                await self._show(dict(answer.body))
                return True
            if not gone(answer):
                self._state("error")
                # Both, after a decision or Next: what was done went through, and what failed next.
                self._say(" ".join(w for w in (self.last_said, self._refused(answer)) if w))
                self.last_said = ""
                return None
            # Taken by another reviewer meanwhile, decided, or withdrawn: the next one.
            self.items = [i for i in self.items if i.get("post_id") != post_id]
        return False

    async def _load_pictures(self, item: dict[str, Any]) -> None:
        for address in self.pictures.values():
            js.URL.revokeObjectURL(address)
        self.pictures = {}
        post_id = segment(str(item["post_id"]))

        async def load(media_id: str) -> None:
            try:
                blob = await self.editor.api.blob(f"/api/review/{post_id}/media/{segment(media_id)}")
            except Offline:
                return
            if blob is not None:
                self.pictures[media_id] = str(js.URL.createObjectURL(blob))

        await asyncio.gather(*(load(str(m)) for m in (item.get("media") or {})))

    async def _show(self, item: dict[str, Any] | None) -> None:
        self.current = item
        self.close_reject()
        if item is not None:
            await self._load_pictures(item)
        self.render_post()
        self.render_queue()
        self._state("ready" if item is not None else "empty")
        if item is None:  # after the last decision, both: a screen reader hears the decision went through
            self._say(" ".join(w for w in (self.last_said, self.t("desk.empty")) if w))
        self.last_said = ""
        by_id("desk-post").focus()

    # -- decisions -----------------------------------------------------------------------
    async def approve(self, _event: Any = None) -> None:
        if self.current is not None and not self.busy:
            title = title_of(self.current, self.t)
            await self._decide("approve", {"revision": self.current["revision"]}, self.t("desk.approved", title=title))

    async def confirm_reject(self, _event: Any = None) -> None:
        if self.current is None or self.busy:
            return
        codes = [str(box.value) for box in js.document.querySelectorAll("#desk-reasons input:checked")]
        body = {"revision": self.current["revision"], "reasons": codes, "note": str(by_id("desk-note").value)}
        await self._decide("reject", body, self.t("desk.rejected", title=title_of(self.current, self.t)))

    async def _decide(self, kind: str, body: dict[str, Any], done: str) -> None:
        assert self.current is not None
        self.busy = True
        self._state("busy")
        post_id = str(self.current["post_id"])
        try:
            answer = await self._call("POST", f"/api/review/{segment(post_id)}/{kind}", body)
            if answer is None:
                return
            if answer.status == 422:  # the reasons or the note: say so beside them, keep the post open
                beside = by_id("desk-reject-message")
                beside.textContent = answer.error_message
                show(beside, True)
                self._state("ready")
                return
            if not answer.ok and not gone(answer):  # the post still waits: keep it open, A again
                self._say(self._refused(answer))
                self._state("ready")
                return
            self.last_said = done if answer.ok else answer.error_message
            self._say(self.last_said)
            self._let_go()
            self.items = [i for i in self.items if i.get("post_id") != post_id]
            self.total = max(0, self.total - 1)
            self.skipped = [p for p in self.skipped if p != post_id]
            await self._advance()
        finally:
            self.busy = False

    async def next(self, _event: Any = None) -> None:
        """Pass the post to another reviewer (its claim ends now) and open the next one."""
        if self.busy:
            return
        self.busy = True
        try:
            if self.current is not None:
                post_id = str(self.current["post_id"])
                self.last_said = self.t("desk.skipped", title=title_of(self.current, self.t))
                self._say(self.last_said)
                await self._call("POST", f"/api/review/{segment(post_id)}/release")
                self._let_go()
                self.skipped = [p for p in self.skipped if p != post_id] + [post_id]
            await self._advance()
        finally:
            self.busy = False

    async def open_clicked(self, event: Any) -> None:
        button = closest(event, "button[data-open]")
        if button is None or self.busy:
            return
        post_id = str(button.dataset.open)
        if self.current is not None and self.current.get("post_id") == post_id:
            return
        if self.current is not None:
            await self._call("POST", f"/api/review/{segment(str(self.current['post_id']))}/release")
        answer = await self._call("POST", f"/api/review/{segment(post_id)}/claim")
        if answer is not None and answer.ok:
            await self._show(dict(answer.body))
        elif answer is not None:
            self._say(self._refused(answer))
            await self._load_queue()

    # -- rejecting -----------------------------------------------------------------------
    def open_reject(self, _event: Any = None) -> None:
        if self.current is None or self.busy:
            return
        self.rejecting = True
        show(by_id("desk-reject-form"), True)
        by_id("desk-reject").setAttribute("aria-expanded", "true")
        first = real(js.document.querySelector("#desk-reasons input"))
        if first is not None:
            first.focus()

    def close_reject(self, _event: Any = None) -> None:
        was_open = self.rejecting
        self.rejecting = False
        show(by_id("desk-reject-form"), False)
        show(by_id("desk-reject-message"), False)
        by_id("desk-reject").setAttribute("aria-expanded", "false")
        for box in js.document.querySelectorAll("#desk-reasons input"):
            box.checked = False
        by_id("desk-note").value = ""
        if was_open and self.current is not None:
            by_id("desk-reject").focus()

    def toggle_reason(self, number: int) -> None:
        box = real(js.document.querySelector(f'#desk-reasons input[data-key="{number}"]'))
        if box is not None:
            box.checked = not bool(box.checked)
            box.focus()
            self.to_note_if_needed(box)

    def to_note_if_needed(self, box: Any) -> None:
        """A reason that says nothing by itself ("Something else") was checked: the reviewer writes the note
        next, so the keys they type go there (a digit typed on the box would check another reason)."""
        reason = review_rules().reason(str(box.value))
        if reason is not None and reason.needs_note and bool(box.checked):
            by_id("desk-note").focus()

    # -- keyboard ------------------------------------------------------------------------
    def keydown(self, event: Any) -> None:
        if not self.active or event.ctrlKey or event.metaKey or event.altKey:
            return
        key = str(event.key)
        target = real(event.target)
        tag = str(target.tagName).lower() if target is not None and hasattr(target, "tagName") else ""
        kind = str(target.type) if target is not None and tag == "input" else ""
        typing = tag in ("textarea", "select") or (tag == "input" and kind not in ("checkbox", "radio"))
        if key == "Escape" and self.rejecting:
            event.preventDefault()
            self.close_reject()
            return
        if typing:
            return
        if self.rejecting:
            if key.isdigit() and 1 <= int(key) <= len(review_rules().reasons):
                event.preventDefault()
                self.toggle_reason(int(key))
            elif key == "Enter" and tag != "button":  # a button does what it says ("Back" goes back)
                event.preventDefault()
                self._run(self.confirm_reject())
            return
        action = {"a": self.approve, "n": self.next, "j": self.next}.get(key.lower())
        if action is not None:
            event.preventDefault()
            self._run(action())
        elif key.lower() == "r":
            event.preventDefault()
            self.open_reject()

    # -- drawing (views/desk_panels.py draws what surrounds the post) ------------------------
    def render_queue(self) -> None:
        draw_queue(self.items, self.total, str(self.current["post_id"]) if self.current else None, self.t)

    def render_figures(self) -> None:
        draw_figures(self.figures or {}, self.t)

    def render_reasons(self) -> None:
        draw_reasons(self.t, self.editor.lang)

    def render_post(self) -> None:
        post = by_id("desk-post")
        clear(post)
        item = self.current
        for button in ("desk-approve", "desk-reject", "desk-next"):
            by_id(button).disabled = item is None
        draw_facts(item, self.t, self.editor.lang)
        if item is None:
            post.removeAttribute("data-post-id")
            post.append(el("p", {"class": "desk-empty"}, text=self.t("desk.empty")),
                        el("button", {"type": "button", "class": "secondary", "id": "desk-check"},
                           text=self.t("desk.check_again")))
            return
        post.dataset.postId = str(item["post_id"])
        for node in render_post(item, self.pictures, self.t, self.editor.lang):
            post.append(node)

    def relabel(self) -> None:
        if self.active:
            self.render_reasons()
            self.render_queue()
            self.render_post()
            if self.figures is not None:
                self.render_figures()


def bind(editor: Editor) -> Desk:
    desk = Desk(editor)
    for code in SUPPORTED_LANGS:  # the filter offers our languages; the editor relabels them (data-i18n)
        by_id("desk-language").append(el("option", {"value": code, "data-i18n": f"desk.lang.{code}"},
                                         text=editor.t(f"desk.lang.{code}")))
    on(by_id("desk-approve"), "click", desk.approve)
    on(by_id("desk-reject"), "click", lambda _e: desk.open_reject())
    on(by_id("desk-next"), "click", desk.next)
    on(by_id("desk-reject-cancel"), "click", lambda _e: desk.close_reject())
    on(by_id("desk-reject-form"), "submit", desk.confirm_reject, prevent=lambda _e: True)
    on(by_id("desk-reasons"), "change", lambda e: desk.to_note_if_needed(e.target))
    on(by_id("desk-queue-list"), "click", desk.open_clicked)
    on(by_id("desk-language"), "change", desk.refresh)
    on(by_id("desk-flag"), "change", desk.refresh)

    def checked_again(event: Any) -> None:
        if closest(event, "#desk-check") is not None:
            desk._run(desk.refresh())

    on(by_id("desk-post"), "click", checked_again)
    on(js.document, "keydown", desk.keydown)
    editor.on_language(desk.relabel)
    return desk
