"""The editor's screen words in the creator's language (assets/ui/<lang>.toml), English as fallback."""

import re
import tomllib
from collections.abc import Mapping
from functools import cache
from typing import Any

from creatorpost.messages import SUPPORTED_LANGS
from creatorpost.resources import asset_text

_SLOT = re.compile(r"\{([a-z_]+)\}")


@cache
def _catalog(lang: str) -> tuple[Mapping[str, str], str]:
    try:
        data = tomllib.loads(asset_text(f"ui/{lang}.toml"))
    except FileNotFoundError:
        return {}, "ltr"
    return dict(data.get("ui", {})), str(data.get("dir", "ltr"))


def direction(lang: str) -> str:
    return _catalog(lang)[1] if lang in SUPPORTED_LANGS else "ltr"


def ui_text(key: str, lang: str = "en", **params: Any) -> str:
    template = _catalog(lang)[0].get(key) if lang in SUPPORTED_LANGS else None
    if template is None:
        template = _catalog("en")[0].get(key, key)
    return _SLOT.sub(lambda m: str(params.get(m.group(1), m.group(0))), template)
