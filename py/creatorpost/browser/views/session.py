"""Who is signed in. The host platform (or an embedding partner) hands the editor a token:
in the address fragment (`#token=...`, never sent to a server), or by postMessage
`{type: "creatorpost:token", token}`. With demo data a "Demo creator" select offers one
demo creator per level. The creator's level and stores come from the endpoint, and are
remembered on the device so the editor keeps checking them offline.
"""

import asyncio
import json
from typing import Any

import js
from pyodide.ffi import create_proxy, to_js

from creatorpost.browser.api import Offline
from creatorpost.browser.dom import by_id, el, on, show
from creatorpost.browser.editor import Editor
from creatorpost.browser.storage import local, session
from creatorpost.browser.storage_keys import CREATOR, DEMO_MODE, TOKEN
from creatorpost.creators import CreatorContext, Level


class SessionView:
    def __init__(self, editor: Editor) -> None:
        self.editor = editor
        self.select = by_id("demo-creator")
        self.listeners: list[Any] = []

    def token_from_page(self) -> str | None:
        fragment = str(js.location.hash or "")
        if fragment.startswith("#token="):
            token = js.decodeURIComponent(fragment[len("#token="):])
            js.history.replaceState(None, "", str(js.location.pathname) + str(js.location.search))
            return str(token)
        return session().get(TOKEN)

    async def sign_in(self, token: str | None) -> None:
        self.editor.api.token = token or None
        if token:
            session().set(TOKEN, token)
        else:
            session().remove(TOKEN)
        creator = await self._creator(token) if token else None
        self.editor.creator = creator
        self.editor.context = CreatorContext.from_json(creator["context"]) if creator else None
        if token and creator is None:
            self.editor.api.token = None
            session().remove(TOKEN)
        self.select.value = token if token and token.startswith("demo-") else ""
        self.render()
        self.editor.render()
        for listener in self.listeners:
            await listener()

    async def _creator(self, token: str) -> dict[str, Any] | None:
        try:
            answer = await self.editor.api.call("GET", "/api/creators/me")
        except Offline:
            remembered = local().get(CREATOR + token)
            return json.loads(str(remembered)) if remembered is not None else None
        if not answer.ok:
            local().remove(CREATOR + token)
            return None
        local().set(CREATOR + token, json.dumps(answer.body))
        return dict(answer.body)

    async def offer_demo(self) -> None:
        """Show the demo creators when the endpoint runs on demo data."""
        try:
            answer = await self.editor.api.call("GET", "/healthz")
            demo = answer.ok and answer.body.get("mode") == "demo"
            local().set(DEMO_MODE, "1" if demo else "0")
        except Offline:
            demo = local().get(DEMO_MODE) == "1"
        show(by_id("demo-creator-control"), demo)
        self._fill_select()

    def _fill_select(self) -> None:
        current = str(self.select.value or "")
        self.select.replaceChildren()
        self.select.append(el("option", {"value": ""}, text="—"))
        for level in Level:
            self.select.append(el("option", {"value": f"demo-{level.value}"},
                                  text=self.editor.t(f"session.level.{level.value}")))
        self.select.value = current

    def ask_embedding_page(self) -> None:
        """Embedded in a partner page: tell it the editor can take the creator's token now."""
        if js.window.parent != js.window:
            ready = to_js({"type": "creatorpost:ready"}, dict_converter=js.Object.fromEntries)
            js.window.parent.postMessage(ready, "*")  # carries nothing secret

    def render(self) -> None:
        signed = by_id("signed-in")
        creator = self.editor.creator
        if creator is None:
            signed.textContent = self.editor.t("session.signed_out")
            return
        level = self.editor.t(f"session.level.{creator['level']}")
        signed.textContent = self.editor.t("session.signed_in", name=creator.get("display_name") or creator["handle"],
                                           level=level)


# Keys that move through a closed select: Chromium changes its value (and fires "change") at each.
_STEPPING_KEYS = frozenset({"ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"})
SETTLE_MS = 1200  # stepping that pauses this long counts as a choice


def bind(editor: Editor) -> SessionView:
    """The Demo creator list signs in once a choice is made: at once by mouse or touch; from the
    keyboard on Enter, on leaving the list, or when the arrow keys pause, never at every step."""
    view = SessionView(editor)
    stepping = [False]
    timer: list[Any] = [None]

    async def commit(_event: Any = None) -> None:
        stepping[0] = False
        if timer[0] is not None:
            js.clearTimeout(timer[0])
            timer[0] = None
        wanted = str(view.select.value) or None
        if wanted != (editor.api.token if editor.api.token and editor.api.token.startswith("demo-") else None):
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

    async def message(event: Any) -> None:
        if event.source != js.window.parent or js.window.parent == js.window:
            return  # only the page that embeds the editor may hand it a token
        data = event.data
        if getattr(data, "type", None) == "creatorpost:token" and isinstance(getattr(data, "token", None), str):
            await view.sign_in(str(data.token))

    on(view.select, "change", chosen)
    on(js.window, "message", message)
    editor.on_language(view._fill_select)
    editor.on_language(view.render)
    return view
