"""The editor's screen words: every language says everything English says, with the same slots.

A key missing from a translation would silently show English; an extra one is a typo nobody reads;
a renamed {slot} would show the raw "{name}" to the creator. Keys used by web/index.html must
exist in en.toml, or the page shows the bare key.
"""

import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from creatorpost.languages import FALLBACK_LANG, SUPPORTED_LANGS

ROOT = Path(__file__).resolve().parents[2]
UI_DIR = ROOT / "assets" / "ui"
INDEX_HTML = ROOT / "web" / "index.html"

TRANSLATIONS = tuple(lang for lang in SUPPORTED_LANGS if lang != FALLBACK_LANG)
RTL_LANGS = frozenset({"ar"})

_SLOT = re.compile(r"\{([^{}]*)\}")
# creatorpost.ui_text fills only slots of this shape; anything else would reach the screen raw.
_SLOT_NAME = re.compile(r"[a-z_]+")


def _load(lang: str) -> dict[str, Any]:
    with (UI_DIR / f"{lang}.toml").open("rb") as f:
        return tomllib.load(f)


def _slots(text: str) -> set[str]:
    return set(_SLOT.findall(text))


class _I18nKeys(HTMLParser):
    """Collects the values of every data-i18n* attribute (data-i18n, data-i18n-alt, ...)."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: dict[str, set[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "data-i18n" or name.startswith("data-i18n-"):
                self.keys.setdefault(name, set()).add(value or "")

    handle_startendtag = handle_starttag


def _index_keys() -> dict[str, set[str]]:
    parser = _I18nKeys()
    parser.feed(INDEX_HTML.read_text(encoding="utf-8"))
    parser.close()
    return parser.keys


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_translation_has_exactly_the_keys_of_english(lang: str) -> None:
    en, other = _load("en"), _load(lang)
    assert sorted(other) == sorted(en), "top-level fields differ from en.toml"
    assert other["lang"] == lang
    missing = sorted(en["ui"].keys() - other["ui"].keys())
    extra = sorted(other["ui"].keys() - en["ui"].keys())
    assert (missing, extra) == ([], [])


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_translation_keeps_the_placeholders_of_each_key(lang: str) -> None:
    en, other = _load("en")["ui"], _load(lang)["ui"]
    differing = {
        key: (sorted(_slots(en[key])), sorted(_slots(other[key])))
        for key in en.keys() & other.keys()
        if _slots(en[key]) != _slots(other[key])
    }
    assert differing == {}


@pytest.mark.parametrize("lang", ("en", *TRANSLATIONS))
def test_placeholders_are_well_formed(lang: str) -> None:
    bad = {}
    for key, text in _load(lang)["ui"].items():
        names = _slots(text)
        leftover = _SLOT.sub("", text)
        if "{" in leftover or "}" in leftover or not all(_SLOT_NAME.fullmatch(n) for n in names):
            bad[key] = text
    assert bad == {}


@pytest.mark.parametrize("lang", ("en", *TRANSLATIONS))
def test_direction_is_rtl_only_for_arabic(lang: str) -> None:
    assert _load(lang)["dir"] == ("rtl" if lang in RTL_LANGS else "ltr")


@pytest.mark.parametrize("lang", ("en", *TRANSLATIONS))
def test_no_value_is_empty(lang: str) -> None:
    catalog = _load(lang)
    blank = sorted(k for k, v in catalog["ui"].items() if not isinstance(v, str) or not v.strip())
    assert blank == []
    assert catalog["ui"], "the [ui] table is empty"


def test_every_key_used_by_the_page_exists_in_english() -> None:
    used = _index_keys()
    # Guard against the parser silently finding nothing (renamed attribute, moved file).
    assert "app.name" in used.get("data-i18n", set())
    en = _load("en")["ui"]
    unknown = {attr: sorted(keys - en.keys()) for attr, keys in used.items() if keys - en.keys()}
    assert unknown == {}


def test_the_desk_names_each_supported_language_and_no_other() -> None:
    """The desk's language filter offers SUPPORTED_LANGS, each named by desk.lang.<code>."""
    named = {key.removeprefix("desk.lang.") for key in _load("en")["ui"] if key.startswith("desk.lang.")}
    assert named == set(SUPPORTED_LANGS)
