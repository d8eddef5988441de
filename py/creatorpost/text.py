"""Clean-up of what a creator types, applied before counting and before storing.

Decisions (the rule file's [text] section holds the list of removed invisible characters):
- leading and trailing white space is dropped everywhere;
- the title is one line: line breaks and tabs become a space, runs of spaces stay as typed;
- the introduction and body text keep line breaks (CR LF and CR become LF) and turn tabs into
  spaces;
- other control characters (C0, DEL, C1) are dropped: they are invisible or break layouts;
- the invisible characters listed in the rule file are dropped (zero width space, BOM, soft
  hyphen, bidi overrides ...). ZWJ/ZWNJ, variation selectors and bidi marks are kept: emoji
  sequences and right-to-left text need them.
Validation counts the cleaned text, so what is counted is what will be stored.
"""

from __future__ import annotations

from creatorpost.rules import RuleSet, load_rules

_C0_C1 = [(0x00, 0x1F), (0x7F, 0x9F)]
_Tables = tuple[dict[int, str | None], dict[int, str | None]]
# Keyed by the identity of a (cached, immutable) rule set; hashing a RuleSet is not free.
_TABLES: dict[int, tuple[RuleSet, _Tables]] = {}


def _tables(rules: RuleSet) -> _Tables:
    """str.translate tables: (single line, multi line)."""
    hit = _TABLES.get(id(rules))
    if hit is not None and hit[0] is rules:
        return hit[1]
    drop: dict[int, str | None] = {}
    for first, last in [*_C0_C1, *rules.text.remove_ranges]:
        for cp in range(first, last + 1):
            drop[cp] = None
    single = dict(drop)
    single.update({0x09: " ", 0x0A: " ", 0x0D: " "})
    multi = dict(drop)
    multi.update({0x09: " ", 0x0A: "\n"})  # CR is handled before translating
    _TABLES[id(rules)] = (rules, (single, multi))
    return single, multi


def _needs_work(text: str) -> bool:
    return not text.isprintable() or text[:1].isspace() or text[-1:].isspace()


def normalize_line(text: str, rules: RuleSet) -> str:
    """A one-line field (title, hashtag): no line breaks, no controls, no invisibles, trimmed."""
    if not _needs_work(text):
        return text
    return text.translate(_tables(rules)[0]).strip()


def normalize_multiline(text: str, rules: RuleSet) -> str:
    """A text that keeps its line breaks (introduction, body text, captions)."""
    if not _needs_work(text):
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_tables(rules)[1]).strip()


def normalize_title(text: str, rules: RuleSet | None = None) -> str:
    return normalize_line(text, rules or load_rules())


def normalize_introduction(text: str, rules: RuleSet | None = None) -> str:
    return normalize_multiline(text, rules or load_rules())


def normalize_body(text: str, rules: RuleSet | None = None) -> str:
    return normalize_multiline(text, rules or load_rules())
