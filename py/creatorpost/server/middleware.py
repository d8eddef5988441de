"""Request body caps (size, and time between the body's pieces), HEAD answered like GET, and the
structured access log, as plain ASGI middleware."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from creatorpost.server.errors import ApiError, error_response

access_log = logging.getLogger("creatorpost.access")


class BodySizeLimitMiddleware:
    """413 `request.too_large` once a body passes its cap: at once from Content-Length, or
    while streaming (chunked bodies), without reading the rest. Uploads get their own cap.

    408 `request.timeout` (and the connection closed) when no piece of an unfinished body arrives
    for `idle_seconds`: a Content-Length larger than what is sent, or a client gone quiet, never
    holds a request open for good."""

    def __init__(self, app: ASGIApp, json_cap: int, upload_cap: int, upload_prefixes: tuple[str, ...],
                 idle_seconds: float = 30.0) -> None:
        self.app = app
        self.json_cap = json_cap
        self.upload_cap = upload_cap
        self.upload_prefixes = upload_prefixes
        self.idle_seconds = idle_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = self.upload_cap if scope["path"].startswith(self.upload_prefixes) else self.json_cap
        declared = _content_length(scope)
        if declared is not None and declared > cap:
            await self._too_large(scope, receive, send, cap)
            return
        seen = 0
        started = False
        body_done = False

        async def limited_receive() -> Message:
            nonlocal seen, body_done
            if body_done:  # later calls only wait for a disconnect (streaming responses): no deadline
                return await receive()
            try:
                async with asyncio.timeout(self.idle_seconds):
                    message = await receive()
            except TimeoutError:
                raise ApiError(408, "request.timeout", headers={"Connection": "close"}) from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                body_done = not message.get("more_body", False)
                if seen > cap:
                    raise ApiError(413, "request.too_large", params={"max_bytes": cap})
            return message

        async def watch_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, watch_send)
        except ApiError as exc:
            if exc.code != "request.too_large" or started:
                raise
            await self._too_large(scope, receive, send, cap)

    @staticmethod
    async def _too_large(scope: Scope, receive: Receive, send: Send, cap: int) -> None:
        response = error_response(Request(scope), 413, "request.too_large", None, {"max_bytes": cap},
                                  {"Connection": "close"})
        await response(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


HEAD_ONLY = "creatorpost.head_only"  # in the scope of a HEAD answered as GET: a handler may skip the body's work


class HeadAsGetMiddleware:
    """HEAD wherever GET works (`/p/`, `/c/`, `/media/`, `/api/rules` ...): the GET answer's status and
    headers, Content-Length included, without its body (RFC 9110 9.3.2)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET", HEAD_ONLY: True}, receive, headers_only)


class AccessLogMiddleware:
    """One structured log line per request: method, path, status, duration, request id."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex[:16]
        scope.setdefault("state", {})["request_id"] = request_id
        began = time.perf_counter()
        status = 500

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            access_log.info(
                "request",
                extra={"event": "http.request", "method": scope["method"], "path": scope["path"],
                       "status": status, "ms": round((time.perf_counter() - began) * 1000, 2),
                       "request_id": request_id},
            )
