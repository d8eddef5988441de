"""Title and introduction: limits in grapheme clusters, counted after a sensible clean-up."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from creatorpost.rules import load_rules
from creatorpost.text import normalize_body, normalize_introduction, normalize_title
from tests.unit.post_helpers import F, findings, post

RULES = load_rules()
TITLE_MAX = RULES.title.max_graphemes
INTRO_MAX = RULES.introduction.max_graphemes
FLAG = "\U0001F1EA\U0001F1F8"
FAMILY = "\U0001F468\u200D\U0001F469\u200D\U0001F467"


@pytest.mark.parametrize(("unit", "name"), [("a", "ascii"), ("é", "latin"), (FLAG, "flag"), (FAMILY, "zwj family"),
                                            ("\u0915\u094D\u0937", "conjunct")])
@pytest.mark.parametrize("field", ["title", "introduction"])
def test_length_boundaries(unit: str, name: str, field: str) -> None:
    """At the limit and one under pass; one over names the limit and the count a person sees."""
    limit = TITLE_MAX if field == "title" else INTRO_MAX
    assert findings(post(**{field: unit * (limit - 1)})) == []
    assert findings(post(**{field: unit * limit})) == []
    assert findings(post(**{field: unit * (limit + 1)})) == [
        F(f"{field}.too_long", "error", field, length=limit + 1, max_graphemes=limit)
    ]


def test_limits_are_the_help_page_values() -> None:
    assert (TITLE_MAX, INTRO_MAX, RULES.body.max_graphemes) == (60, 1000, 0)


def test_surrounding_space_and_invisibles_are_not_counted() -> None:
    """Pasting a title with stray spaces or zero-width characters does not eat the budget."""
    padded = "  \u200b" + "a" * TITLE_MAX + "\u200b\t \u0007"
    assert findings(post(title=padded)) == []
    assert normalize_title(padded, RULES) == "a" * TITLE_MAX


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Bohemian Chic  ", "Bohemian Chic"),
        ("Line\nbreak", "Line break"),
        ("Tab\there", "Tab here"),
        ("soft\u00adhyphen", "softhyphen"),
        ("bidi\u202eevil", "bidievil"),
        ("\ufeffBOM", "BOM"),
        (FAMILY + " ok", FAMILY + " ok"),  # ZWJ inside emoji is kept
        ("\u0645\u200c\u06cc", "\u0645\u200c\u06cc"),  # ZWNJ in Persian is kept
        ("\u200f\u05e9\u05dc\u05d5\u05dd", "\u200f\u05e9\u05dc\u05d5\u05dd"),  # RLM is kept
        ("bell\u0007", "bell"),
    ],
)
def test_title_clean_up(raw: str, clean: str) -> None:
    assert normalize_title(raw, RULES) == clean


def test_introduction_keeps_line_breaks() -> None:
    assert normalize_introduction(" one\r\ntwo\rthree\n\n\tfour \u0000", RULES) == "one\ntwo\nthree\n\n four"
    assert normalize_body("a\r\nb", RULES) == "a\nb"


@given(st.text())
def test_clean_up_is_idempotent(text: str) -> None:
    once = normalize_title(text, RULES)
    assert normalize_title(once, RULES) == once
    multi = normalize_introduction(text, RULES)
    assert normalize_introduction(multi, RULES) == multi
    assert "\n" not in once and "\u200b" not in multi
