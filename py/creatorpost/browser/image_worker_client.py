"""The photo engine's worker (web/image_worker.js), driven from Python: requests out, replies in.

Decoding, resizing and encoding a 50-megapixel photo takes the better part of a second; in a
dedicated worker that second is not taken from the page, so typing stays responsive. Every call
is a message `{id, op, ...}` answered by `{id, ok, ...}`; each call awaits its own reply.

Imports under CPython (tests, mypy): the JavaScript bridge is imported only inside the browser.
"""

from __future__ import annotations

import asyncio
from typing import Any

_URL_META = 'meta[name="creatorpost-image-worker"]'


class WorkerUnavailable(Exception):
    """The worker could not start or stopped: the caller does the work on the page instead."""


class WorkerRefused(Exception):
    """The worker ran the request and it failed (an undecodable file, for one)."""


def image_worker_url() -> str | None:
    """The worker script this page ships (a <meta> filled by build.py), or None."""
    import js

    meta = js.document.querySelector(_URL_META)
    if meta is None or not str(getattr(meta, "content", "") or ""):
        return None
    return str(js.URL.new(str(meta.content), js.document.baseURI).href)


def start_worker(url: str | None) -> ImageWorker | None:
    """A running worker, or None where this browser cannot run one."""
    if not url:
        return None
    import js

    if not hasattr(js, "Worker") or not hasattr(js, "OffscreenCanvas"):
        return None
    try:
        return ImageWorker(url)
    except Exception:  # a sandbox or policy that forbids workers: a JavaScript error
        return None


class ImageWorker:
    def __init__(self, url: str) -> None:
        import js
        from pyodide.ffi import create_proxy, to_js

        self._to_js = to_js
        self._object = js.Object.fromEntries
        self._worker = js.Worker.new(url, to_js({"type": "module"}, dict_converter=js.Object.fromEntries))
        self._waiting: dict[int, asyncio.Future[Any]] = {}
        self._next_id = 0
        self.broken = False
        # Kept as attributes: the proxies must live as long as the listeners.
        self._on_message = create_proxy(self._message)
        self._on_error = create_proxy(self._error)
        self._worker.addEventListener("message", self._on_message)
        self._worker.addEventListener("error", self._on_error)

    async def call(self, op: str, transfer: tuple[Any, ...] = (), **fields: Any) -> Any:
        """Send one request and await its reply (a JS object); raises WorkerRefused or WorkerUnavailable."""
        if self.broken:
            raise WorkerUnavailable(op)
        self._next_id += 1
        request_id = self._next_id
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting[request_id] = future
        message = self._to_js({"id": request_id, "op": op, **fields}, dict_converter=self._object)
        self._worker.postMessage(message, self._to_js(list(transfer)))
        return await future

    def _message(self, event: Any) -> None:
        reply = event.data
        future = self._waiting.pop(int(reply.id), None)
        if future is None or future.done():
            return
        if bool(reply.ok):
            future.set_result(reply)
        else:
            future.set_exception(WorkerRefused(str(reply.error)))

    def _error(self, event: Any) -> None:
        """The script failed to load or threw outside a request: nothing more will come back."""
        event.preventDefault()
        self.broken = True
        waiting, self._waiting = self._waiting, {}
        for future in waiting.values():
            if not future.done():
                future.set_exception(WorkerUnavailable(str(getattr(event, "message", "") or "worker error")))
        self._worker.terminate()
