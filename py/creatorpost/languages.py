"""Which of our languages a person reads: one picker for the editor, the endpoint and the pages.

A language tag ("pt-BR", "es_MX", " FR ") counts by its primary subtag; the first supported one
in order of preference wins, English otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable

SUPPORTED_LANGS: tuple[str, ...] = ("en", "es", "pt", "fr", "ru", "ar")
FALLBACK_LANG = "en"


def primary(tag: str) -> str:
    """"pt-BR" -> "pt", "es_MX" -> "es", " FR " -> "fr"."""
    return tag.strip().replace("_", "-").split("-", 1)[0].lower()


def pick_language(preferred: Iterable[str | None]) -> str:
    """The first supported language among `preferred` (best first; empty entries skipped), else English."""
    for tag in preferred:
        if tag and primary(tag) in SUPPORTED_LANGS:
            return primary(tag)
    return FALLBACK_LANG


def accept_language(header: str | None) -> list[str]:
    """The tags of an Accept-Language header, best first: by q-value, then by order; q=0 means "not this"."""
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate((header or "").split(",")):
        tag, _, rest = part.strip().partition(";")
        quality = 1.0
        rest = rest.strip()
        if rest.startswith("q="):
            try:
                quality = float(rest[2:])
            except ValueError:
                quality = 0.0
        if quality > 0 and tag.strip():
            choices.append((-quality, index, tag.strip()))
    return [tag for _, _, tag in sorted(choices)]
