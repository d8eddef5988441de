"""The review desk: what a reviewer's sign-in shows instead of the editor (docs/ARCHITECTURE.md, "The review
desk"). The queue on one side, the claimed post in the middle as readers will see it with the automatic
findings beside the parts they concern, the creator and the time left on the other side, and the decision.

Everything works from the keyboard: A approves, R opens the reasons (1, 2, 3... pick them in the rule file's
order, Enter rejects, Esc goes back), N passes the post to another reviewer and opens the next. Opening a post
claims it (POST /api/review/{id}/claim), so two reviewers never work on the same one; a post another reviewer
holds is skipped. `#desk[data-state]` says where the desk is: loading, ready (a post is open), busy, empty.
"""

import asyncio
from collections.abc import Coroutine
from typing import Any
from urllib.parse import quote, urlencode

import js
from pyodide.ffi import to_js

from creatorpost.browser.api import Answer, Offline
from creatorpost.browser.dom import by_id, clear, closest, el, on, real, show
from creatorpost.browser.editor import Editor
from creatorpost.browser.views.desk_post import render_post
from creatorpost.messages import message
from creatorpost.review_reasons import review_rules

QUEUE_PAGE = 50
URGENT_SECONDS = 4 * 3600  # less than this left of the 24 hours: the time left is shown as urgent


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
        self._state("loading")
        self._say(self.t("desk.loading"))
        if await self._load_queue():
            await self._open_next()
            if self.current is not None:
                self._say("")
        self._run(self._load_figures())

    # -- the queue -----------------------------------------------------------------------
    async def _call(self, method: str, path: str, body: Any = None) -> Answer | None:
        try:
            return await self.editor.api.call(method, path, body=body)
        except Offline:
            self._state("offline")
            self._say(self.t("desk.offline"))
            return None

    async def _load_queue(self) -> bool:
        params = {"limit": str(QUEUE_PAGE)}
        for name, select in (("language", "desk-language"), ("flag", "desk-flag")):
            if str(by_id(select).value):
                params[name] = str(by_id(select).value)
        answer = await self._call("GET", "/api/review/queue?" + urlencode(params))
        if answer is None:
            return False
        if not answer.ok:
            self._state("error")
            self._say(answer.error_message)
            return False
        self.items = list(answer.body.get("items") or [])
        self.total = int(answer.body.get("total") or 0)
        self.render_queue()
        return True

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

    async def _open_next(self) -> None:
        for post_id in self._candidates():
            answer = await self._call("POST", f"/api/review/{quote(post_id, safe='')}/claim")
            if answer is None:
                return
            if answer.ok:
                await self._show(dict(answer.body))
                return
            # Taken by another reviewer meanwhile, decided, or withdrawn: the next one.
        await self._show(None)

    async def _load_pictures(self, item: dict[str, Any]) -> None:
        for address in self.pictures.values():
            js.URL.revokeObjectURL(address)
        self.pictures = {}
        post_id = quote(str(item["post_id"]), safe="")

        async def load(media_id: str) -> None:
            try:
                blob = await self.editor.api.blob(f"/api/review/{post_id}/media/{quote(media_id, safe='')}")
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
        if item is None:
            self._say(self.t("desk.empty"))
        by_id("desk-post").focus()

    # -- decisions -----------------------------------------------------------------------
    async def approve(self, _event: Any = None) -> None:
        if self.current is not None and not self.busy:
            title = self._title(self.current)
            await self._decide("approve", {"revision": self.current["revision"]}, self.t("desk.approved", title=title))

    async def confirm_reject(self, _event: Any = None) -> None:
        if self.current is None or self.busy:
            return
        codes = [str(box.value) for box in js.document.querySelectorAll("#desk-reasons input:checked")]
        body = {"revision": self.current["revision"], "reasons": codes, "note": str(by_id("desk-note").value)}
        await self._decide("reject", body, self.t("desk.rejected", title=self._title(self.current)))

    async def _decide(self, kind: str, body: dict[str, Any], done: str) -> None:
        assert self.current is not None
        self.busy = True
        self._state("busy")
        post_id = str(self.current["post_id"])
        try:
            answer = await self._call("POST", f"/api/review/{quote(post_id, safe='')}/{kind}", body)
            if answer is None:
                return
            if answer.status == 422:  # the reasons or the note: say so beside them, keep the post open
                message = by_id("desk-reject-message")
                message.textContent = answer.error_message
                show(message, True)
                self._state("ready")
                return
            self._say(done if answer.ok else answer.error_message)
            self.items = [i for i in self.items if i.get("post_id") != post_id]
            self.skipped = [p for p in self.skipped if p != post_id]
            if await self._load_queue():
                await self._open_next()
            self._run(self._load_figures())
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
                self._say(self.t("desk.skipped", title=self._title(self.current)))
                await self._call("POST", f"/api/review/{quote(post_id, safe='')}/release")
                self.skipped = [p for p in self.skipped if p != post_id] + [post_id]
            if await self._load_queue():
                await self._open_next()
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
            await self._call("POST", f"/api/review/{quote(str(self.current['post_id']), safe='')}/release")
        answer = await self._call("POST", f"/api/review/{quote(post_id, safe='')}/claim")
        if answer is not None and answer.ok:
            await self._show(dict(answer.body))
        elif answer is not None:
            self._say(answer.error_message)
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
            elif key == "Enter":
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

    # -- drawing -------------------------------------------------------------------------
    def _title(self, item: dict[str, Any]) -> str:
        return str(item.get("title") or "") or self.t("desk.untitled")

    def _duration(self, seconds: float) -> str:
        minutes = max(0, int(abs(seconds)) // 60)
        if minutes >= 60:
            return self.t("desk.duration.hours", hours=minutes // 60, minutes=minutes % 60)
        return self.t("desk.duration.minutes", minutes=minutes)

    def _time_left(self, item: dict[str, Any]) -> tuple[str, str]:
        left = float(item.get("seconds_left") or 0)
        if left < 0:
            return self.t("desk.overdue", time=self._duration(left)), "overdue"
        return self.t("desk.time_left_value", time=self._duration(left)), "urgent" if left < URGENT_SECONDS else "ok"

    def render_queue(self) -> None:
        listing = by_id("desk-queue-list")
        clear(listing)
        current = self.current.get("post_id") if self.current else None
        for item in self.items:
            left, urgency = self._time_left(item)
            claim = item.get("claim") or {}
            held = bool(claim) and not claim.get("mine") and item.get("post_id") != current
            attrs = {"type": "button", "class": "desk-queue-item", "data-open": str(item["post_id"])}
            if item.get("post_id") == current:
                attrs["aria-current"] = "true"
            details = [self.t(f"desk.why.{item.get('why')}"), left]
            if held:
                details.append(self.t("desk.held_by", reviewer=str(claim.get("by"))))
            listing.append(el("li", {"data-post": str(item["post_id"]), "data-urgency": urgency},
                              el("button", attrs, el("span", {"class": "desk-queue-title", "dir": "auto"},
                                                     text=self._title(item)),
                                 el("span", {"class": "desk-queue-detail"}, text=" · ".join(details)))))
        by_id("desk-count").textContent = self.t("desk.queue_count", shown=len(self.items), total=self.total)

    def render_figures(self) -> None:
        figures = self.figures or {}
        oldest = figures.get("oldest_waiting_seconds")
        hours = round(float(figures.get("at_risk_seconds") or 72000) / 3600)
        words = [self.t("desk.figures.queue", count=int(figures.get("queue") or 0)),
                 self.t("desk.figures.oldest", time=self._duration(float(oldest))) if oldest is not None else "",
                 self.t("desk.figures.at_risk", count=int(figures.get("at_risk") or 0), hours=hours)]
        median = (figures.get("decision_seconds") or {}).get("median")
        if median is not None:
            words.append(self.t("desk.figures.median", time=self._duration(float(median))))
        by_id("desk-figures").textContent = " · ".join(w for w in words if w)

    def render_post(self) -> None:
        post = by_id("desk-post")
        clear(post)
        facts = by_id("desk-facts")
        clear(facts)
        item = self.current
        for button in ("desk-approve", "desk-reject", "desk-next"):
            by_id(button).disabled = item is None
        if item is None:
            post.removeAttribute("data-post-id")
            post.append(el("p", {"class": "desk-empty"}, text=self.t("desk.empty")),
                        el("button", {"type": "button", "class": "secondary", "id": "desk-check"},
                           text=self.t("desk.check_again")))
            by_id("desk-findings-summary").textContent = ""
            return
        post.dataset.postId = str(item["post_id"])
        for node in render_post(item, self.pictures, self.t, self.editor.lang):
            post.append(node)
        creator = item.get("creator") or {}
        left, urgency = self._time_left(item)
        clock = to_js({"hour": "2-digit", "minute": "2-digit"}, dict_converter=js.Object.fromEntries)
        until = js.Date.new(str((item.get("claim") or {}).get("until") or "")).toLocaleTimeString(self.editor.lang, clock)
        language = item.get("language")
        who = [el("bdi", text=str(creator.get("display_name") or "")), " (",
               el("bdi", {"dir": "ltr"}, text=f"@{creator.get('handle')}"),
               ") · " + self.t("session.level." + str(creator.get("level", "basic")))]
        rows: list[tuple[str, str | list[Any]]] = [
            ("desk.creator", who),
            ("desk.record", self.t("desk.record_value", published=int(creator.get("published") or 0),
                                   rejected=int(creator.get("rejected") or 0))),
            ("desk.time_left", left),
            ("desk.why", self.t(f"desk.why.{item.get('why')}")),
            ("desk.post_language", self.t(f"desk.lang.{language}") if language else self.t("desk.unknown_language")),
            ("desk.claim", self.t("desk.claim_until", time=str(until)))]
        for label, value in rows:
            attrs = {"data-urgency": urgency} if label == "desk.time_left" else {}
            parts = value if isinstance(value, list) else [value]
            facts.append(el("dt", text=self.t(label)), el("dd", attrs, *parts))
        count = len(item.get("findings") or [])
        by_id("desk-findings-summary").textContent = (self.t("desk.finding_count", count=count) if count
                                                      else self.t("desk.no_findings"))

    def render_reasons(self) -> None:
        rules = review_rules()
        holder = by_id("desk-reasons")
        clear(holder)
        for number, reason in enumerate(rules.reasons, start=1):
            box_id = f"desk-reason-{number}"
            hint_id = f"{box_id}-hint"
            holder.append(el("div", {"class": "desk-reason"},
                             el("input", {"type": "checkbox", "id": box_id, "value": reason.code, "data-key": str(number),
                                          "aria-describedby": hint_id, "aria-keyshortcuts": str(number)}),
                             el("label", {"for": box_id}, el("kbd", text=str(number)), " ",
                                el("span", text=self.t(f"desk.reason.{reason.name}"))),
                             el("p", {"id": hint_id, "class": "hint"},
                                text=self.editor_message(reason.code))))
        by_id("desk-note").setAttribute("maxlength", str(rules.note.max_chars))
        by_id("desk-note-hint").textContent = self.t("desk.note_hint", max_chars=rules.note.max_chars)

    def editor_message(self, code: str) -> str:
        """What the creator will read for a reason, in the desk's language."""
        return message(code, {}, self.editor.lang)

    def relabel(self) -> None:
        if self.active:
            self.render_reasons()
            self.render_queue()
            self.render_post()
            if self.figures is not None:
                self.render_figures()


def bind(editor: Editor) -> Desk:
    desk = Desk(editor)
    on(by_id("desk-approve"), "click", desk.approve)
    on(by_id("desk-reject"), "click", lambda _e: desk.open_reject())
    on(by_id("desk-next"), "click", desk.next)
    on(by_id("desk-reject-cancel"), "click", lambda _e: desk.close_reject())
    on(by_id("desk-reject-form"), "submit", desk.confirm_reject, prevent=lambda _e: True)
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
