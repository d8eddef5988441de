"""The one error shape of the endpoint: `{"error": {"code", "message", "field"}}` for every 4xx and 5xx
(`/healthz` adds its status fields beside `error` when it answers 503).

`ApiError` is what our code raises. The handlers installed by `install_error_handlers` turn it,
Starlette's own 404/405, FastAPI's 422 and any unexpected exception into that shape, with the
message taken from the core's catalog in the language the client asked for.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse, Response

from creatorpost.server.lang import request_language, translate
from creatorpost.server.media.storage import StorageUnavailable

log = logging.getLogger("creatorpost.server")

# Codes for HTTP-level failures that Starlette produces by itself.
_STATUS_CODES: dict[int, str] = {
    400: "request.invalid",
    401: "auth.required",
    403: "auth.forbidden",
    404: "route.not_found",
    405: "method.not_allowed",
    406: "request.not_acceptable",
    409: "request.conflict",
    413: "request.too_large",
    415: "request.unsupported_media_type",
    422: "request.invalid",
    429: "rate_limited",
}


class ApiError(StarletteHTTPException):
    """An error a client can act on. Subclasses Starlette's so FastAPI re-raises it untouched
    from body parsing instead of wrapping it in a generic 400."""

    def __init__(
        self,
        status: int,
        code: str,
        field: str | None = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(status_code=status, detail=code, headers=dict(headers) if headers else None)
        self.code = code
        self.field = field
        self.params: dict[str, Any] = dict(params or {})


def error_body(code: str, message: str, field: str | None) -> dict[str, dict[str, str | None]]:
    return {"error": {"code": code, "message": message, "field": field}}


def error_response(
    request: Request | None,
    status: int,
    code: str,
    field: str | None = None,
    params: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    lang: str | None = None,
) -> JSONResponse:
    language = lang or (request_language(request.headers.get("accept-language")) if request else "en")
    message = translate(code, dict(params or {}), language)
    return JSONResponse(error_body(code, message, field), status_code=status, headers=dict(headers or {}))


def _field_from_loc(loc: tuple[int | str, ...]) -> str | None:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie"}:
        parts = parts[1:]
    return ".".join(parts) or None


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(request, exc.status_code, exc.code, exc.field, exc.params, exc.headers)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _STATUS_CODES.get(exc.status_code, "request.invalid" if exc.status_code < 500 else "server.error")
    return error_response(request, exc.status_code, code, None, None, exc.headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    field = _field_from_loc(tuple(errors[0].get("loc", ()))) if errors else None
    # pydantic's own text never reaches a person; the catalog's request.invalid does.
    return error_response(request, 422, "request.invalid", field)


# nginx's "client closed request": what the access log says when nobody is left to answer.
CLIENT_GONE = 499


async def _client_gone(request: Request, exc: Exception) -> Response:
    """The client hung up while we read its body: nothing to answer and nothing wrong on our side."""
    log.info("client disconnected", extra={"event": "http.client_gone", "path": request.url.path})
    return Response(status_code=CLIENT_GONE)


async def _storage_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """The media storage did not answer: nothing was stored (or nothing can be sent); the client may try again."""
    log.warning("media storage unavailable", extra={"event": "media.storage_unavailable", "path": request.url.path,
                                                    "reason": str(exc)})
    return error_response(request, 503, "media.storage_unavailable", "file" if request.method == "POST" else None,
                          headers={"Retry-After": "30"})


def make_unexpected_handler(debug: bool):  # type: ignore[no-untyped-def]
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error(
            "unhandled error",
            extra={"event": "error.unhandled", "path": request.url.path, "exc": repr(exc),
                   "traceback": traceback.format_exc()},
        )
        response = error_response(request, 500, "server.error")
        if debug:
            body = error_body("server.error", traceback.format_exc(), None)
            return JSONResponse(body, status_code=500)
        return response

    return _unexpected


def install_error_handlers(app: FastAPI, debug: bool) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ClientDisconnect, _client_gone)
    app.add_exception_handler(StorageUnavailable, _storage_unavailable)
    app.add_exception_handler(Exception, make_unexpected_handler(debug))
