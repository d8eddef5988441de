"""Hashtags: stored without `#`, one word each, at most `[hashtags] max_count` per post.

Normalising a tag: clean it like a title (trim, drop controls and invisibles), compose it (NFC),
read a fullwidth `＃` (`[hashtags] hash_signs`, typed by CJK keyboards) as `#`, drop every leading
`#` and the sentence's punctuation after it (`[hashtags] trailing_punctuation`: `#Summer!`).
Two tags are the same when they differ only in case, composition or a leading `#` (`#Bikinis`,
`bikinis`, `＃BIKINIS`; a composed `café` and a decomposed one): the first spelling is kept and
the repeat gets a warning. `split_tags` cuts a paste of several tags into one piece per tag.
Empty tags, tags with white space or a forbidden character (`[hashtags] forbidden_characters`)
and too-long tags get an error and are left out of the normalised list. Characters are
grapheme clusters; `&` is allowed (`#Baby&Kids`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from creatorpost.findings import Finding, error, warning
from creatorpost.graphemes import length_over
from creatorpost.rules import RuleSet, load_rules
from creatorpost.text import normalize_line


@cache
def _hash_table(signs: str) -> dict[int, str]:
    return {ord(sign): "#" for sign in signs if sign != "#"}


@cache
def _splitter(signs: str, separators: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(separators)}]|[\r\n]+|\\s+(?=[{re.escape(signs)}])")


def clean_tag(raw: str, rules: RuleSet) -> str:
    """One tag as stored: cleaned, without leading `#` or trailing punctuation (inner white space is
    kept, and judged)."""
    limits = rules.hashtags
    tag = unicodedata.normalize("NFC", normalize_line(raw, rules)).translate(_hash_table(limits.hash_signs))
    while True:
        before = tag
        tag = tag.lstrip("#").strip()
        tag = tag.rstrip(limits.trailing_punctuation).strip()
        if tag == before:
            return unicodedata.normalize("NFC", tag)


def same_tag_key(tag: str) -> str:
    """What two spellings of one tag share: `#Café`, `café` and a decomposed `cafe\u0301` all give one key."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", tag).casefold())


def split_tags(text: str, rules: RuleSet | None = None) -> list[str]:
    """A paste of several tags (`#Bikinis, #Baby&Kids #Summer`) as one piece per tag, in order.

    Cuts at `[hashtags] separators`, at line breaks and before a hash sign that follows white
    space; words without a hash sign stay together (`two words` is one piece, and gets its finding).
    """
    limits = (rules or load_rules()).hashtags
    pieces = _splitter(limits.hash_signs, limits.separators).split(text)
    return [piece.strip() for piece in pieces if piece and piece.strip()]


_SPACE = re.compile(r"\s")  # the white space of str.isspace, found at C speed


@cache
def _forbidden(characters: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(characters) + "]") if characters else re.compile("(?!)")


def _tag_findings(tag: str, field: str, rules: RuleSet) -> list[Finding]:
    limits = rules.hashtags
    if not tag:
        return [error("hashtag.empty", field)]
    found: list[Finding] = []
    if _SPACE.search(tag):
        found.append(error("hashtag.whitespace", field))
    bad = _forbidden(limits.forbidden_characters).search(tag)
    if bad is not None:
        found.append(error("hashtag.forbidden_character", field, character=bad.group()))
    length = length_over(tag, limits.max_length, rules.limits.code_points_per_character)
    if length is not None:
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
        key = same_tag_key(tag)
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
