"""Validation with JSON in and JSON out: the call a partner page or a test makes across a language boundary.

The browser exposes it to JavaScript as `creatorpost.validate(postJson, optionsJson)`; CPython
calls the same function, so both sides answer byte for byte the same.
"""

import json
from typing import Any

from pydantic import ValidationError

from creatorpost.creators import CreatorContext, Level
from creatorpost.media import MediaInfo
from creatorpost.messages import report_json
from creatorpost.validation import validate


def context_from_json(raw: Any) -> CreatorContext | None:
    """`{"level": "senior", "store_ids": ["912345678"]}` -> CreatorContext; absent -> None."""
    if not isinstance(raw, dict):
        return None
    return CreatorContext(level=Level(str(raw.get("level", "basic"))),
                          store_ids=frozenset(str(s) for s in raw.get("store_ids", [])))


def media_from_json(raw: Any) -> dict[str, MediaInfo] | None:
    """`{"m_1": {"format": "jpeg", "width": 1200, "height": 800, "bytes": 250000}}` -> facts the rules
    check about uploaded media; absent -> None (media not checked). Malformed entries are left out."""
    if not isinstance(raw, dict):
        return None
    media: dict[str, MediaInfo] = {}
    for media_id, facts in raw.items():
        try:
            media[str(media_id)] = MediaInfo.model_validate(facts)
        except ValidationError:
            continue
    return media


def validate_json(post_json: str, options_json: str = "{}") -> str:
    """Options: mode (draft|publish), lang, platform (desktop|app), context and media (see above)."""
    options = json.loads(options_json or "{}")
    try:
        post: Any = json.loads(post_json)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
        post = None
    report = validate(post, options.get("mode", "draft"), context_from_json(options.get("context")),
                      platform=options.get("platform", "desktop"), media=media_from_json(options.get("media")))
    return json.dumps(report_json(report, str(options.get("lang", "en"))), ensure_ascii=False, sort_keys=True)
