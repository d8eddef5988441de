"""Which language the editor, the endpoint and the pages speak, and the screen words in it (English when there is none)."""

import pytest

from creatorpost.languages import accept_language, pick_language
from creatorpost.server.lang import request_language
from creatorpost.ui_text import direction, ui_text


@pytest.mark.parametrize(("preferred", "override", "expected"), [
    (["pt-BR", "en-US"], None, "pt"),
    (["de-DE", "fr-CA", "es"], None, "fr"),
    (["ES-mx"], None, "es"),
    (["ar"], None, "ar"),
    (["de-DE", "ja"], None, "en"),
    ([], None, "en"),
    (["pt-BR"], "ru", "ru"),
    (["pt-BR"], "RU", "ru"),
    (["pt-BR"], "es_MX", "es"),
    (["pt-BR"], " fr ", "fr"),
    (["pt-BR"], "de", "pt"),
    (["pt-BR"], "", "pt"),
    (["", "*", "fr"], None, "fr"),
])
def test_the_editor_speaks_the_language_asked_for_then_the_browser_s_then_english(
        preferred: list[str], override: str | None, expected: str) -> None:
    """?lang= wins when supported; else the first supported browser preference (regions ignored); else English."""
    assert pick_language([override, *preferred]) == expected


def test_screen_words_come_in_the_creator_s_language() -> None:
    """The Undo button reads Undo in English and its translation elsewhere."""
    assert [ui_text("app.undo", lang) for lang in ("en", "fr", "es")] == ["Undo", "Annuler", "Deshacer"]


def test_a_language_without_a_catalog_shows_english() -> None:
    """A language the editor does not have shows the English words, not keys; a regional tag its language's."""
    assert (ui_text("app.undo", "de"), ui_text("app.undo", "pt-BR")) == ("Undo", "Desfazer")


def test_a_slot_without_a_value_reads_the_same_in_screen_words_and_messages() -> None:
    """Finding messages fill a missing value the same way as screen words."""
    from creatorpost.messages import message

    assert message("title.too_long", {"length": 61}, "en").startswith("Titles can have at most … characters")


def test_an_unknown_key_shows_itself_rather_than_nothing() -> None:
    """A key missing everywhere appears as itself, so the gap is visible instead of a blank button."""
    assert (ui_text("no.such.key", "fr"), ui_text("no.such.key")) == ("no.such.key", "no.such.key")


def test_placeholders_are_filled_in_every_language() -> None:
    """"Block 2 of 5" is filled with the numbers given, in English and in Arabic."""
    assert [ui_text("block.position", lang, position=2, count=5) for lang in ("en", "ar")] == [
        "Block 2 of 5", "الكتلة 2 من 5"]


def test_a_value_with_braces_is_shown_as_typed() -> None:
    """A title containing {name} in the conflict message is shown literally, not treated as a slot."""
    assert ui_text("drafts.conflict", "en", title="{title} {name}") == (
        "This draft was changed in another tab. Your version is kept as a separate draft, “{title} {name}”.")


def test_a_missing_parameter_shows_an_ellipsis_and_extras_are_ignored() -> None:
    """Forgetting a parameter shows "…" instead of crashing or showing "{count}"; unused ones do nothing."""
    assert ui_text("block.position", "en", position=2, unused="x") == "Block 2 of …"


@pytest.mark.parametrize(("lang", "expected"), [
    ("ar", "rtl"), ("en", "ltr"), ("es", "ltr"), ("pt", "ltr"), ("fr", "ltr"), ("ru", "ltr"), ("he", "ltr"),
])
def test_only_arabic_is_written_right_to_left(lang: str, expected: str) -> None:
    """The page flips to right-to-left for Arabic only; unknown languages stay left-to-right."""
    assert direction(lang) == expected


@pytest.mark.parametrize(("header", "expected"), [
    ("pt-BR,pt;q=0.9,en;q=0.8", "pt"),
    ("de-DE, fr;q=0.5, es;q=0.7", "es"),
    ("ar;q=0, ru", "ru"),
    ("*", "en"),
    ("", "en"),
    (None, "en"),
    ("fr;q=abc, es", "es"),
    ("EN-gb;q=0.1, RU-ru;q=0.2", "ru"),
])
def test_the_endpoint_answers_in_the_best_language_the_client_accepts(header: str | None, expected: str) -> None:
    """Accept-Language is read by q-value, then order; q=0 and malformed weights mean "not this"."""
    assert request_language(header) == expected


def test_accept_language_lists_tags_best_first() -> None:
    assert accept_language("a;q=0.2, b, c;q=0.9, d;q=0") == ["b", "c", "a"]
