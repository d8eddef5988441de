"""Who is signed in. The host platform (or an embedding partner) hands the editor a token: in the
address fragment (`#token=...`, never sent to a server), or by postMessage `{type: "creatorpost:token",
token}` from the embedding partner (browser/embedding.py). With demo data a "Demo creator" select
offers one demo creator per level (never inside a partner's page).

The session is kept on the device for the studio's origin (`account.py`: one record, token and
creator), so a browser restart keeps the creator signed in; "Sign out" forgets it. A partner's token
is kept for the page's life only: the partner hands it again whenever the editor says it is ready.
The creator's level and stores come from the endpoint, remembered so the rules still apply offline.

A reviewer's token (the select's "Reviewer", or `#token=`) is refused where creators write
(`auth.creators_only`): then the reviewer is asked for (GET /api/review/me) and the review desk
(views/desk.py) shows instead of the editor. Never inside a partner's page.
"""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import js
from pyodide.ffi import create_proxy

from creatorpost.browser.account import forget_session, load_session, save_session, sweep_legacy
from creatorpost.browser.api import Answer, Offline
from creatorpost.browser.dom import by_id, el, on, show
from creatorpost.browser.editor import Editor
from creatorpost.browser.embedding import Embedding
from creatorpost.browser.storage import local, session
from creatorpost.browser.storage_keys import DEMO_MODE
from creatorpost.creators import CreatorContext, Level

DEMO_REVIEWER = "demo-reviewer"  # the demo's reviewer: opens the review desk


class SessionView:
    def __init__(self, editor: Editor, embedding: Embedding) -> None:
        self.editor = editor
        self.embedding = embedding
        self.select = by_id("demo-creator")
        self.listeners: list[Any] = []
        self._refused = "auth.invalid"  # why the last token was not taken (the endpoint's code)
        # Kept on the device only outside a partner's page (there the partner owns the session).
        self.keep = not embedding.framed
        # The review desk: the signed-in reviewer, and what shows or hides the desk for them.
        self.reviewer: dict[str, Any] | None = None
        self.desk: Callable[[dict[str, Any] | None], Awaitable[None]] | None = None

    def token_from_page(self) -> str | None:
        sweep_legacy(local(), session())
        fragment = str(js.location.hash or "")
        if fragment.startswith("#token="):
            token = js.decodeURIComponent(fragment[len("#token="):])
            js.history.replaceState(None, "", str(js.location.pathname) + str(js.location.search))
            return str(token)
        saved = load_session(local()) if self.keep else None
        return saved.token if saved is not None else None

    async def sign_in(self, token: str | None) -> None:
        self.editor.api.token = token or None
        account = await self._creator(token) if token else None
        # The review desk: a reviewer's token opens the desk instead of the editor.
        self.reviewer = account if account is not None and account.get("role") == "reviewer" else None
        creator = None if self.reviewer is not None else account
        self.editor.creator = creator
        self.editor.context = CreatorContext.from_json(creator["context"]) if creator else None
        if token and account is None:
            self.editor.api.token = None
            self.embedding.send("error", code=self._refused)
        self.select.value = token if token and token.startswith("demo-") else ""
        self.render()
        self.editor.render()
        if self.desk is not None:
            await self.desk(self.reviewer)
        if self.reviewer is not None:
            return  # nothing of the editor's waits for a reviewer (photos to upload, posts to send)
        for listener in self.listeners:
            await listener()

    async def sign_out(self, _event: Any = None) -> None:
        forget_session(local())
        await self.sign_in(None)

    async def _creator(self, token: str) -> dict[str, Any] | None:
        saved = load_session(local()) if self.keep else None
        try:
            answer = await self.editor.api.call("GET", "/api/creators/me")
        except Offline:
            return saved.creator if saved is not None and saved.token == token else None
        if answer.error_code == "auth.creators_only" and not self.embedding.framed:
            answer = await self._reviewer()
        if not answer.ok:
            self._refused = answer.error_code or "auth.invalid"
            if saved is not None and saved.token == token:
                forget_session(local())
            return None
        if self.keep:
            save_session(local(), token, dict(answer.body))
        return dict(answer.body)

    async def _reviewer(self) -> Answer:
        """The review desk: who the reviewer is, as the creator's answer would say who the creator is."""
        answer = await self.editor.api.call("GET", "/api/review/me")
        return Answer(answer.status, {**answer.body, "role": "reviewer"}) if answer.ok else answer

    async def offer_demo(self) -> None:
        """Show the demo creators when the endpoint runs on demo data (never inside a partner's page)."""
        try:
            answer = await self.editor.api.call("GET", "/healthz")
            demo = answer.ok and answer.body.get("mode") == "demo"
            local().set(DEMO_MODE, "1" if demo else "0")
        except Offline:
            demo = local().get(DEMO_MODE) == "1"
        show(by_id("demo-creator-control"), demo and not self.embedding.framed)
        self._fill_select()

    def _fill_select(self) -> None:
        current = str(self.select.value or "")
        self.select.replaceChildren()
        self.select.append(el("option", {"value": ""}, text="—"))
        for level in Level:
            self.select.append(el("option", {"value": f"demo-{level.value}"},
                                  text=self.editor.t(f"session.level.{level.value}")))
        self.select.append(el("option", {"value": DEMO_REVIEWER}, text=self.editor.t("session.demo_reviewer")))
        self.select.value = current

    def render(self) -> None:
        signed = by_id("signed-in")
        creator = self.editor.creator
        show(by_id("sign-out"), (creator is not None or self.reviewer is not None) and self.keep)
        if self.reviewer is not None:
            signed.textContent = self.editor.t("session.signed_in", name=self.reviewer.get("display_name") or
                                               self.reviewer["handle"], level=self.editor.t("session.reviewer"))
            return
        if creator is None:
            signed.textContent = self.editor.t("session.signed_out")
            return
        level = self.editor.t(f"session.level.{creator['level']}")
        signed.textContent = self.editor.t("session.signed_in", name=creator.get("display_name") or creator["handle"],
                                           level=level)


# Keys that move through a closed select: Chromium changes its value (and fires "change") at each.
_STEPPING_KEYS = frozenset({"ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"})
SETTLE_MS = 1200  # stepping that pauses this long counts as a choice


def bind(editor: Editor, embedding: Embedding) -> SessionView:
    """The Demo creator list signs in once a choice is made: at once by mouse or touch; from the
    keyboard on Enter, on leaving the list, or when the arrow keys pause, never at every step."""
    view = SessionView(editor, embedding)
    stepping = [False]
    timer: list[Any] = [None]

    async def commit(_event: Any = None) -> None:
        stepping[0] = False
        if timer[0] is not None:
            js.clearTimeout(timer[0])
            timer[0] = None
        wanted = str(view.select.value) or None
        if wanted != (editor.api.token if editor.api.token and editor.api.token.startswith("demo-") else None):
            if wanted is None:
                await view.sign_out()  # "—": nobody, and the device forgets the session
            else:
                await view.sign_in(wanted)

    running: set[Any] = set()  # tasks started from plain callbacks, kept until they finish

    def start_commit() -> None:
        task = asyncio.ensure_future(commit())
        running.add(task)
        task.add_done_callback(running.discard)

    settle = create_proxy(start_commit)

    def key(event: Any) -> None:
        if event.key in _STEPPING_KEYS or (len(str(event.key)) == 1 and not event.ctrlKey and not event.metaKey):
            stepping[0] = True
        elif event.key == "Enter":
            start_commit()

    def pointer(_event: Any) -> None:
        stepping[0] = False

    async def chosen(_event: Any) -> None:
        if not stepping[0]:
            await commit()
            return
        if timer[0] is not None:
            js.clearTimeout(timer[0])
        timer[0] = js.setTimeout(settle, SETTLE_MS)

    async def left(_event: Any) -> None:
        if stepping[0]:
            await commit()

    on(view.select, "keydown", key)
    on(view.select, "pointerdown", pointer)
    on(view.select, "blur", left)

    async def token_message(data: dict[str, Any]) -> None:
        if isinstance(data.get("token"), str) and data["token"]:
            await view.sign_in(data["token"])

    on(view.select, "change", chosen)
    on(by_id("sign-out"), "click", view.sign_out)
    embedding.on_message("token", token_message)
    editor.on_language(view._fill_select)
    editor.on_language(view.render)
    return view
