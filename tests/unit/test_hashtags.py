"""Hashtags: up to five, stored without '#', one word each, duplicates merged."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import unicodedata

import pytest

from creatorpost.hashtags import clean_tag, normalize_hashtags, split_tags
from creatorpost.rules import load_rules
from tests.unit.post_helpers import F, findings, post

RULES = load_rules()
MAX_COUNT = RULES.hashtags.max_count
MAX_LENGTH = RULES.hashtags.max_length


def test_help_page_examples_are_accepted_and_stored_without_hash() -> None:
    tags, found = normalize_hashtags(["#Bikinis", "#Baby&Kids", "#CheerForAliExpress"])
    assert (tags, found) == (["Bikinis", "Baby&Kids", "CheerForAliExpress"], [])


def test_count_boundaries() -> None:
    """Five hashtags are fine; a sixth is flagged where it sits in the list."""
    tags = [f"tag{i}" for i in range(MAX_COUNT + 1)]
    assert findings(post(hashtags=tags[: MAX_COUNT - 1])) == []
    assert findings(post(hashtags=tags[:MAX_COUNT])) == []
    assert findings(post(hashtags=tags)) == [
        F("hashtags.too_many", "error", f"hashtags.{MAX_COUNT}", count=MAX_COUNT + 1, max_count=MAX_COUNT)
    ]


def test_duplicates_differing_in_case_or_hash_count_once() -> None:
    """'#Bikinis' and 'bikinis' are one tag: six entries with a repeat are still five tags."""
    raw = ["#Bikinis", "Summer", "bikinis", "##BIKINIS", "Beach", "Sale", "Town"]
    assert findings(post(hashtags=raw)) == [
        F("hashtag.duplicate", "warning", "hashtags.2", tag="Bikinis"),
        F("hashtag.duplicate", "warning", "hashtags.3", tag="Bikinis"),
    ]
    assert normalize_hashtags(raw)[0] == ["Bikinis", "Summer", "Beach", "Sale", "Town"]


def test_length_boundaries_in_graphemes() -> None:
    flag = "\U0001F1EA\U0001F1F8"
    for unit in ("a", flag):
        assert findings(post(hashtags=[unit * MAX_LENGTH])) == []
        assert findings(post(hashtags=["#" + unit * (MAX_LENGTH - 1)])) == []
        assert findings(post(hashtags=[unit * (MAX_LENGTH + 1)])) == [
            F("hashtag.too_long", "error", "hashtags.0", length=MAX_LENGTH + 1, max_length=MAX_LENGTH)
        ]


def test_empty_whitespace_and_forbidden_characters() -> None:
    raw = ["", "#", "  ", "two words", "new\nline", "a,b", "in#side", "ok"]
    assert findings(post(hashtags=raw)) == [
        F("hashtag.empty", "error", "hashtags.0"),
        F("hashtag.empty", "error", "hashtags.1"),
        F("hashtag.empty", "error", "hashtags.2"),
        F("hashtag.whitespace", "error", "hashtags.3"),
        F("hashtag.whitespace", "error", "hashtags.4"),
        F("hashtag.forbidden_character", "error", "hashtags.5", character=","),
        F("hashtag.forbidden_character", "error", "hashtags.6", character="#"),
    ]
    assert normalize_hashtags(raw)[0] == ["ok"]


def test_wrong_types_are_shape_findings_not_crashes() -> None:
    assert findings(post(hashtags=["ok", 5, None])) == [
        F("field.wrong_type", "error", "hashtags.1", expected="string"),
        F("field.wrong_type", "error", "hashtags.2", expected="string"),
    ]
    assert findings(post(hashtags="#one #two")) == [F("field.wrong_type", "error", "hashtags", expected="list")]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(), lambda inner: st.lists(inner, max_size=4), max_leaves=10
)


@given(st.lists(st.text() | st.sampled_from(["#a", "A", "#Baby&Kids", "baby&kids", " x "]) | json_values))
def test_normalisation_never_raises_and_is_idempotent(raw: list[Any]) -> None:
    tags, _ = normalize_hashtags(raw)
    again, found_again = normalize_hashtags(tags)
    assert again == tags
    assert [f for f in found_again if f.code != "hashtags.too_many"] == []
    assert all(t and not t.startswith("#") for t in tags)
    assert len({t.casefold() for t in tags}) == len(tags)


def test_fullwidth_hash_sign_is_a_hash() -> None:
    """CJK keyboards type ＃ (U+FF03): it starts a tag like #, and ＃sale repeats #sale."""
    assert normalize_hashtags(["＃sale", "#Sale", "＃＃夏"])[0] == ["sale", "夏"]
    assert findings(post(hashtags=["＃sale", "#Sale"])) == [F("hashtag.duplicate", "warning", "hashtags.1", tag="sale")]


def test_composed_and_decomposed_spellings_are_one_tag() -> None:
    composed, decomposed = "caf\u00e9", "cafe\u0301"
    tags, found = normalize_hashtags([composed, "#" + decomposed.upper()])
    assert tags == [composed]
    assert found[0].code == "hashtag.duplicate"


@pytest.mark.parametrize("stop", [".", ",", "!", "?", "。", "、", "!!", "?!", " ."])
def test_the_sentence_punctuation_after_a_tag_is_trimmed(stop: str) -> None:
    assert normalize_hashtags([f"#Summer{stop}"]) == (["Summer"], [])


def test_a_paste_of_several_tags_gives_one_piece_each() -> None:
    assert split_tags("#Bikinis, #Baby&Kids #Summer") == ["#Bikinis", "#Baby&Kids", "#Summer"]
    assert split_tags("＃夏 ＃sale、#海") == ["＃夏", "＃sale", "#海"]
    assert split_tags("Bikinis\nSummer") == ["Bikinis", "Summer"]
    assert split_tags("two words") == ["two words"]
    assert split_tags(" ,, ") == []


_TAG = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCXYZ0123456789&_éüжзあ夏", min_size=1, max_size=12)


@given(_TAG, st.sampled_from(["", "#", "##", "＃", "# "]), st.sampled_from(["", ".", "!", "。", "、", "?!"]))
def test_signs_and_punctuation_around_a_tag_never_change_it(tag: str, sign: str, stop: str) -> None:
    assert clean_tag(sign + tag + stop, RULES) == unicodedata.normalize("NFC", tag)


@given(st.lists(_TAG, min_size=1, max_size=8), st.data())
def test_any_paste_of_tags_splits_back_into_them(tags: list[str], data: st.DataObject) -> None:
    text = ""
    for index, tag in enumerate(tags):
        sign = data.draw(st.sampled_from(["#", "＃"]))
        joiner = "" if index == 0 else data.draw(st.sampled_from([", ", " ", ",", "; ", "\n", "、", " , "]))
        text += joiner + sign + tag
    assert [clean_tag(piece, RULES) for piece in split_tags(text)] == tags


@given(st.lists(_TAG, min_size=1, max_size=6))
def test_case_and_composition_never_make_a_second_tag(tags: list[str]) -> None:
    variants = [unicodedata.normalize("NFD", t.upper()) for t in tags]
    kept, _ = normalize_hashtags(tags + variants)
    assert len(kept) == len({t.casefold() for t in tags})
