"""The words a person reads: message catalogs keyed by finding code, one per language.

Catalogs live in `assets/messages/<lang>.toml`. A code missing from a language falls back
to English; a code missing from English falls back to the English "unknown" message. A
person never sees a bare code or a raw pydantic message.

Parameters are written `{name}` in a message. Some are shown in a friendly form: sizes in
bytes (`bytes`, `max_bytes`) as kB/MB, lists joined with ", ", and levels and platforms by
their translated names (`level.<value>`, `platform.<value>` entries of the catalog).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from creatorpost.languages import FALLBACK_LANG, SUPPORTED_LANGS, pick_language
from creatorpost.resources import asset_table

_UNKNOWN = "unknown"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_NAMED_PARAMS = {"level": "level", "min_level": "level", "platform": "platform", "expected": "type"}
_BYTE_PARAMS = frozenset({"bytes", "max_bytes"})
# Entries of a catalog that name things rather than findings.
_NAME_PREFIXES = ("level.", "platform.", "type.")


def read_catalog(folder: str, table: str, lang: str) -> dict[str, Any]:
    """`assets/<folder>/<lang>.toml` as data, checked: it names its language and has a [table] of strings.

    Both catalogs are read this way: finding messages (`messages/`) and the editor's screen words
    (`ui/`, see `creatorpost.ui_text`).
    """
    if lang not in SUPPORTED_LANGS:
        raise ValueError(f"unsupported language {lang!r}")
    data = asset_table(f"{folder}/{lang}.toml")
    entries = data.get(table)
    if data.get("lang") != lang or not isinstance(entries, dict):
        raise ValueError(f"{folder}/{lang}.toml must say lang = {lang!r} and have a [{table}] table")
    return data


@cache
def catalog(lang: str) -> Mapping[str, str]:
    """All messages of one supported language (as written in its file, without fallback)."""
    return dict(read_catalog("messages", "messages", lang)["messages"])


def all_codes() -> frozenset[str]:
    """Every code with an English message (the codes findings and endpoint errors may use)."""
    return frozenset(code for code in catalog(FALLBACK_LANG) if not code.startswith(_NAME_PREFIXES))


def placeholders(template: str) -> frozenset[str]:
    return frozenset(_PLACEHOLDER.findall(template))


def _lookup(code: str, lang: str) -> str | None:
    found = catalog(lang).get(code)
    if found is None and lang != FALLBACK_LANG:
        found = catalog(FALLBACK_LANG).get(code)
    return found


def _human_bytes(value: int) -> str:
    if value >= 1024 * 1024:
        return f"{value / (1024 * 1024):.1f}".rstrip("0").rstrip(".") + " MB"
    if value >= 1024:
        return f"{value / 1024:.0f} kB"
    return f"{value} B"


def _show(name: str, value: Any, lang: str) -> str:
    if name in _BYTE_PARAMS and isinstance(value, int) and not isinstance(value, bool):
        return _human_bytes(value)
    if name in _NAMED_PARAMS and isinstance(value, str):
        return _lookup(f"{_NAMED_PARAMS[name]}.{value}", lang) or value
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v).upper() if name == "formats" else str(v) for v in value)
    if name == "format" and isinstance(value, str):
        return value.upper()
    return str(value)


def message(code: str, params: Mapping[str, Any] | None = None, lang: str = "en") -> str:
    """The text of finding `code` in `lang`, with its parameters filled in."""
    lang = pick_language([lang])
    return fill(_lookup(code, lang) or _lookup(_UNKNOWN, lang) or "", params or {}, lang)


def fill(template: str, params: Mapping[str, Any], lang: str) -> str:
    """`{name}` slots of a message or screen word filled with `params` shown for `lang`; a slot with
    no value shows "…", never its raw name."""

    def slot(match: re.Match[str]) -> str:
        name = match.group(1)
        return _show(name, params[name], lang) if name in params else "…"

    return _PLACEHOLDER.sub(slot, template)


def finding_json(finding: Any, lang: str = "en") -> dict[str, Any]:
    """One finding as the HTTP contract shows it (docs/ARCHITECTURE.md): code, severity, field, params, message."""
    return {
        "code": finding.code,
        "severity": finding.severity,
        "field": finding.field,
        "params": dict(finding.params),
        "message": message(finding.code, finding.params, lang),
    }


def report_json(report: Any, lang: str = "en") -> dict[str, Any]:
    """A validation report as JSON: `{"valid", "findings": [{code, severity, field, params, message}]}`."""
    return {"valid": report.valid, "findings": [finding_json(f, lang) for f in report.findings]}
