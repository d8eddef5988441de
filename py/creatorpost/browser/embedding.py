"""The editor inside a partner's page (docs/ARCHITECTURE.md, "Embedding"; README, "Embedding in a
partner site").

The endpoint lets only the studio itself and the origins of CREATORPOST_PARTNER_ORIGINS frame the
editor (CSP frame-ancestors) and writes the same list into the page's `creatorpost-partners` meta.
Here the editor finds out who embeds it (the browser's `location.ancestorOrigins`, or the `embedder`
that embed.js puts in the address where a browser has no ancestorOrigins: a claim, but a message
posted to a claimed origin reaches only a page of that origin) and:
- refuses to work when that origin is not in the list (a dist/ hosted where no header is sent);
- posts its messages (`creatorpost:ready`, `resize`, `draft-saved`, `published`, `error`) to that
  origin only, and only when it is in the list;
- takes messages (`creatorpost:token`, `creatorpost:prefill`) from the embedding window alone, and
  only when they come from that origin.
"""

import json
from collections.abc import Awaitable, Callable
from typing import Any

import js
from pyodide.ffi import create_proxy, to_js

from creatorpost.browser.dom import on, query, real

PREFIX = "creatorpost:"
MAX_MESSAGE_CHARS = 1_000_000  # a prefilled post is small; anything bigger is not one
DRAFT_SAVED_EVERY_MS = 1000  # the partner hears of saves at most once a second (the last one always)

Handler = Callable[[dict[str, Any]], Awaitable[None]]


def _framed() -> bool:
    try:
        return bool(js.window.parent != js.window)
    except Exception:  # a browser that will not even compare: treat as framed, by someone unknown
        return True


def _allowed_origins() -> tuple[str, ...]:
    meta = query(js.document, 'meta[name="creatorpost-partners"]')
    listed = str(meta.content) if meta is not None else ""
    return tuple(origin.rstrip("/").lower() for origin in listed.split())


def _embedder_origin() -> str | None:
    ancestors = real(getattr(js.location, "ancestorOrigins", None))
    if ancestors is not None and int(ancestors.length) > 0:
        return str(ancestors.item(0)).lower()
    claimed = real(js.URLSearchParams.new(js.location.search).get("embedder"))
    if claimed:
        try:
            return str(js.URL.new(str(claimed)).origin).lower()
        except Exception:
            return None
    return None


class Embedding:
    def __init__(self) -> None:
        self.own_origin = str(js.location.origin).lower()
        self.framed = _framed()
        self.allowed = _allowed_origins()
        self.embedder = _embedder_origin() if self.framed else None
        self.permitted = not self.framed or self.embedder is not None and (
            self.embedder == self.own_origin or self.embedder in self.allowed)
        self._handlers: dict[str, Handler] = {}
        self._height = 0
        self._measure_scheduled = False
        self._saved_draft: str | None = None
        self._saved_timer: Any = None
        self._saved_proxy = create_proxy(self._draft_saved_now)
        self._measure_proxy = create_proxy(self._measure)

    @property
    def partner(self) -> str | None:
        """The partner site this editor works for (named to the endpoint with each call), if any."""
        return self.embedder if self.framed and self.permitted and self.embedder != self.own_origin else None

    # -- to the partner -----------------------------------------------------------------------
    def send(self, kind: str, **data: Any) -> None:
        if not (self.framed and self.permitted and self.embedder):
            return
        message = to_js({"type": PREFIX + kind, **data}, dict_converter=js.Object.fromEntries)
        js.window.parent.postMessage(message, self.embedder)

    def ready(self) -> None:
        self.send("ready")
        self._measure()

    def draft_saved(self, draft_id: str) -> None:
        """Tell the partner a draft was saved; typing saves on every key, so this is paced."""
        self._saved_draft = draft_id
        if self._saved_timer is None:
            self._draft_saved_now()
            self._saved_timer = js.setTimeout(self._saved_proxy, DRAFT_SAVED_EVERY_MS)

    def _draft_saved_now(self) -> None:
        self._saved_timer = None
        if self._saved_draft is not None:
            self.send("draft-saved", draft_id=self._saved_draft)
            self._saved_draft = None

    def watch_height(self) -> None:
        """Keep the partner's frame as tall as the editor: it applies `resize {height}`, so no inner scrollbar."""
        if not (self.framed and self.permitted):
            return
        observer = js.ResizeObserver.new(create_proxy(lambda *_: self._schedule_measure()))
        observer.observe(js.document.body)

    def _schedule_measure(self) -> None:
        if not self._measure_scheduled:
            self._measure_scheduled = True
            js.requestAnimationFrame(self._measure_proxy)

    def _measure(self, *_: Any) -> None:
        self._measure_scheduled = False
        height = int(js.Math.ceil(js.document.documentElement.getBoundingClientRect().height))
        if height != self._height:
            self._height = height
            self.send("resize", height=height)

    # -- from the partner ---------------------------------------------------------------------
    def on_message(self, kind: str, handler: Handler) -> None:
        self._handlers[PREFIX + kind] = handler

    def listen(self) -> None:
        on(js.window, "message", self._received)

    async def _received(self, event: Any) -> None:
        if not (self.framed and self.permitted) or event.source != js.window.parent:
            return
        if str(event.origin).lower() != self.embedder:
            return  # only the page that embeds us, from the origin it was checked as
        data = _plain(event.data)
        handler = self._handlers.get(str(data.get("type"))) if data is not None else None
        if data is not None and handler is not None:
            await handler(data)


def _plain(value: Any) -> dict[str, Any] | None:
    """A message's data as JSON values (through JSON.stringify: nothing else crosses), or None."""
    try:
        text = str(js.JSON.stringify(value))
    except Exception:
        return None
    if len(text) > MAX_MESSAGE_CHARS:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
