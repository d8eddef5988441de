"""Validation with JSON in and JSON out: the call a partner page or a test makes across a language boundary.

The browser exposes it to JavaScript as `creatorpost.validate(postJson, optionsJson)`; CPython
calls the same function, so both sides answer byte for byte the same.
"""

import json
from typing import Any

from creatorpost.creators import CreatorContext, Level
from creatorpost.messages import report_json
from creatorpost.validation import validate


def context_from_json(raw: Any) -> CreatorContext | None:
    """`{"level": "senior", "store_ids": ["912345678"]}` -> CreatorContext; absent -> None."""
    if not isinstance(raw, dict):
        return None
    return CreatorContext(level=Level(str(raw.get("level", "basic"))),
                          store_ids=frozenset(str(s) for s in raw.get("store_ids", [])))


def validate_json(post_json: str, options_json: str = "{}") -> str:
    """Options: mode (draft|publish), lang, platform (desktop|app), context (see above)."""
    options = json.loads(options_json or "{}")
    try:
        post: Any = json.loads(post_json)
    except ValueError:
        post = None
    report = validate(post, options.get("mode", "draft"), context_from_json(options.get("context")),
                      platform=options.get("platform", "desktop"))
    return json.dumps(report_json(report, str(options.get("lang", "en"))), ensure_ascii=False, sort_keys=True)
