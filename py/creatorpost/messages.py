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
import tomllib
from collections.abc import Mapping
from functools import cache
from typing import Any

from creatorpost.resources import asset_text

SUPPORTED_LANGS: tuple[str, ...] = ("en", "es", "pt", "fr", "ru", "ar")
FALLBACK_LANG = "en"
_UNKNOWN = "unknown"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_NAMED_PARAMS = {"level": "level", "min_level": "level", "platform": "platform", "expected": "type"}
_BYTE_PARAMS = frozenset({"bytes", "max_bytes"})
# Entries of a catalog that name things rather than findings.
_NAME_PREFIXES = ("level.", "platform.", "type.")


@cache
def catalog(lang: str) -> Mapping[str, str]:
    """All messages of one supported language (as written in its file, without fallback)."""
    if lang not in SUPPORTED_LANGS:
        raise ValueError(f"unsupported language {lang!r}")
    data = tomllib.loads(asset_text(f"messages/{lang}.toml"))
    messages = data.get("messages", {})
    if data.get("lang") != lang or not isinstance(messages, dict):
        raise ValueError(f"messages/{lang}.toml must say lang = {lang!r} and have a [messages] table")
    return dict(messages)


def all_codes() -> frozenset[str]:
    """Every code with an English message (the codes findings and endpoint errors may use)."""
    return frozenset(code for code in catalog(FALLBACK_LANG) if not code.startswith(_NAME_PREFIXES))


def placeholders(template: str) -> frozenset[str]:
    return frozenset(_PLACEHOLDER.findall(template))


def pick_lang(lang: str | None) -> str:
    """The supported language for a tag such as "pt-BR", "es_MX" or "AR"; English otherwise."""
    if not lang:
        return FALLBACK_LANG
    base = lang.replace("_", "-").split("-", 1)[0].lower()
    return base if base in SUPPORTED_LANGS else FALLBACK_LANG


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
    lang = pick_lang(lang)
    template = _lookup(code, lang) or _lookup(_UNKNOWN, lang) or ""
    values = params or {}

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        return _show(name, values[name], lang) if name in values else "…"

    return _PLACEHOLDER.sub(fill, template)


def finding_json(finding: Any, lang: str = "en") -> dict[str, Any]:
    """One finding as the DESIGN contract shows it: code, severity, field, params, message."""
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
