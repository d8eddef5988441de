"""Reading a JSON object from a request body ourselves, so bad JSON gets our error shape and
the core (not FastAPI) decides what is wrong with a post.

The body is parsed off the event loop (a 2 MB body takes tens of milliseconds) and refused as a
whole when it nests deeper than the rule file's `[limits] depth` (422 `request.too_deep`): nothing
that serialises it later (the idempotency hash, the database's JSON column) can then recurse deep.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from creatorpost.rules import load_rules
from creatorpost.server.errors import ApiError


async def read_json_object(request: Request) -> dict[str, Any]:
    content_type = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if content_type and content_type != "application/json" and not content_type.endswith("+json"):
        raise ApiError(415, "request.unsupported_media_type", params={"content_type": content_type})
    raw = await request.body()
    return await run_in_threadpool(parse_json_object, raw)


def parse_json_object(raw: bytes) -> dict[str, Any]:
    max_depth = load_rules().limits.depth
    try:
        data = json.loads(raw)
    except RecursionError:
        raise ApiError(422, "request.too_deep", params={"max_depth": max_depth}) from None
    except (UnicodeDecodeError, ValueError):
        raise ApiError(422, "request.invalid", field=None, params={"reason": "json"}) from None
    if not isinstance(data, dict):
        raise ApiError(422, "request.invalid", field=None, params={"reason": "object_expected"})
    if deeper_than(data, max_depth):
        raise ApiError(422, "request.too_deep", params={"max_depth": max_depth})
    return data


def deeper_than(value: Any, limit: int) -> bool:
    """Whether lists and objects nest more than `limit` deep (the outermost one is level 1); looks at
    each container once, level by level, and stops at the first level past the limit."""
    level = [value] if isinstance(value, (dict, list)) else []
    for _ in range(limit):
        below: list[Any] = []
        for item in level:
            children = item.values() if isinstance(item, dict) else item
            below.extend(child for child in children if isinstance(child, (dict, list)))
        if not below:
            return False
        level = below
    return bool(level)


def canonical_json(data: Any) -> bytes:
    """The same bytes for the same JSON value, whatever the key order or spacing (a lone surrogate
    kept as it came: this is for hashing, and the post is refused before it is stored)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass")


def json_body_openapi(schema_ref: dict[str, Any], required: bool = True) -> dict[str, Any]:
    return {"requestBody": {"required": required, "content": {"application/json": {"schema": schema_ref}}}}
