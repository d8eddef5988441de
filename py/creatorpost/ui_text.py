"""The editor's screen words in the creator's language (assets/ui/<lang>.toml), English as fallback.

Read and filled like finding messages (`creatorpost.messages`): the same catalog checks, the same
`{name}` slots shown the same way.
"""

from collections.abc import Mapping
from functools import cache
from typing import Any

from creatorpost.languages import FALLBACK_LANG, pick_language
from creatorpost.messages import fill, read_catalog


@cache
def _catalog(lang: str) -> tuple[Mapping[str, str], str]:
    data = read_catalog("ui", "ui", lang)
    return dict(data["ui"]), str(data.get("dir", "ltr"))


def direction(lang: str) -> str:
    """"rtl" or "ltr": how the language is written (Arabic right to left)."""
    return _catalog(pick_language([lang]))[1]


def ui_text(key: str, lang: str = "en", **params: Any) -> str:
    lang = pick_language([lang])
    template = _catalog(lang)[0].get(key) or _catalog(FALLBACK_LANG)[0].get(key, key)
    return fill(template, params, lang)
