"""Hashtags: stored without `#`, one word each, at most `[hashtags] max_count` per post.

Normalising a tag: clean it like a title (trim, drop controls and invisibles), drop every
leading `#`. Two tags are the same when they differ only in case or a leading `#`
(`#Bikinis`, `bikinis`): the first spelling is kept and the repeat gets a warning.
Empty tags, tags with white space or a forbidden character (`[hashtags] forbidden_characters`)
and too-long tags get an error and are left out of the normalised list. Characters are
grapheme clusters; `&` is allowed (`#Baby&Kids`).
"""

from __future__ import annotations

from typing import Any

from creatorpost.findings import Finding, error, warning
from creatorpost.graphemes import count_graphemes
from creatorpost.rules import RuleSet, load_rules
from creatorpost.text import normalize_line


def clean_tag(raw: str, rules: RuleSet) -> str:
    """One tag as stored: cleaned, without leading `#` (inner white space is kept, and judged)."""
    tag = normalize_line(raw, rules)
    while tag.startswith("#"):
        tag = tag.lstrip("#").strip()
    return tag


def _tag_findings(tag: str, field: str, rules: RuleSet) -> list[Finding]:
    limits = rules.hashtags
    if not tag:
        return [error("hashtag.empty", field)]
    found: list[Finding] = []
    if any(ch.isspace() for ch in tag):
        found.append(error("hashtag.whitespace", field))
    bad = next((ch for ch in tag if ch in limits.forbidden_characters), None)
    if bad is not None:
        found.append(error("hashtag.forbidden_character", field, character=bad))
    if len(tag) > limits.max_length:
        length = count_graphemes(tag)
        if length > limits.max_length:
            found.append(error("hashtag.too_long", field, length=length, max_length=limits.max_length))
    return found


def normalize_hashtags(raw: Any, rules: RuleSet | None = None) -> tuple[list[str], list[Finding]]:
    """The tags to store, and the findings about `raw` (fields `hashtags.<index in raw>`)."""
    rules = rules or load_rules()
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], []  # a shape finding already says so
    tags: list[str] = []
    seen: dict[str, int] = {}
    found: list[Finding] = []
    for index, item in enumerate(raw):
        if not isinstance(item, str):
            continue
        field = f"hashtags.{index}"
        tag = clean_tag(item, rules)
        problems = _tag_findings(tag, field, rules)
        if problems:
            found += problems
            continue
        key = tag.casefold()
        if key in seen:
            found.append(warning("hashtag.duplicate", field, tag=tags[seen[key]]))
            continue
        seen[key] = len(tags)
        tags.append(tag)
    max_count = rules.hashtags.max_count
    if len(tags) > max_count:
        # Point at the first tag over the limit, as the creator sees it in the list.
        over = _raw_index_of(raw, tags[max_count], rules)
        found.append(error("hashtags.too_many", f"hashtags.{over}", count=len(tags), max_count=max_count))
    return tags, found


def _raw_index_of(raw: list[Any], tag: str, rules: RuleSet) -> int:
    for index, item in enumerate(raw):
        if isinstance(item, str) and clean_tag(item, rules) == tag:
            return index
    return len(raw) - 1


def check_hashtags(raw: Any, rules: RuleSet) -> list[Finding]:
    return normalize_hashtags(raw, rules)[1]
