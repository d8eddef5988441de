"""Automatic review checks that are not rules of the post itself: the banned-word list
(`assets/moderation/banned_words.txt`), and whether products and coupons still exist."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from creatorpost.resources import asset_text


@cache
def banned_words() -> tuple[str, ...]:
    lines = asset_text("moderation/banned_words.txt").splitlines()
    return tuple(w.strip().lower() for w in lines if w.strip() and not w.lstrip().startswith("#"))


@cache
def _pattern() -> re.Pattern[str] | None:
    words = banned_words()
    if not words:
        return None
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", re.IGNORECASE)


def texts(post: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, text) for every piece of text a reader will see."""
    for name in ("title", "introduction"):
        if isinstance(post.get(name), str):
            yield name, post[name]
    for index, tag in enumerate(post.get("hashtags") or []):
        if isinstance(tag, str):
            yield f"hashtags.{index}", tag
    for index, block in enumerate(post.get("blocks") or []):
        if isinstance(block, dict):
            for key in ("text", "caption"):
                if isinstance(block.get(key), str):
                    yield f"blocks.{index}.{key}", block[key]


def banned_word_reasons(post: dict[str, Any]) -> list[dict[str, Any]]:
    pattern = _pattern()
    if pattern is None:
        return []
    reasons = []
    for field, text in texts(post):
        found = pattern.search(text)
        if found:
            reasons.append({"code": "moderation.banned_word", "field": field, "params": {"word": found.group(1)}})
    return reasons
