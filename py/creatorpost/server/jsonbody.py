"""Reading a JSON object from a request body ourselves, so bad JSON gets our error shape and
the core (not FastAPI) decides what is wrong with a post."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from creatorpost.server.errors import ApiError


async def read_json_object(request: Request) -> dict[str, Any]:
    content_type = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if content_type and content_type != "application/json" and not content_type.endswith("+json"):
        raise ApiError(415, "request.unsupported_media_type", params={"content_type": content_type})
    raw = await request.body()
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError):
        raise ApiError(422, "request.invalid", field=None, params={"reason": "json"}) from None
    if not isinstance(data, dict):
        raise ApiError(422, "request.invalid", field=None, params={"reason": "object_expected"})
    return data


def canonical_json(data: Any) -> bytes:
    """The same bytes for the same JSON value, whatever the key order or spacing."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def json_body_openapi(schema_ref: dict[str, Any], required: bool = True) -> dict[str, Any]:
    return {"requestBody": {"required": required, "content": {"application/json": {"schema": schema_ref}}}}
