"""Any post is checked cheaply and safely (issue 10): lists past their bound get one finding, unknown
fields are capped, broken text (a lone surrogate) is an error at its field, a report always encodes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from creatorpost.graphemes import count_graphemes, length_over
from creatorpost.jsonapi import validate_json
from creatorpost.messages import report_json
from creatorpost.rules import load_rules
from creatorpost.validation import validate
from tests.hostile.posts import LIMITS, materialize, posts, with_many_unknown_fields
from tests.unit.post_helpers import TEXT, F, findings, post

RULES = load_rules()
# The most findings one post can get: every kept entry of every list a few times over, plus the rest.
MOST_FINDINGS = 4 * (LIMITS.blocks + LIMITS.hashtags + LIMITS.repost + 5 * (LIMITS.unknown_fields + 2)
                     + RULES.coupons.max_stores * (RULES.coupons.max_coupon_ids_per_store + 4)
                     + LIMITS.coupon_groups * 4 + 20)


@settings(max_examples=300)
@given(raw=posts(), mode=st.sampled_from(("draft", "publish")))
def test_any_post_gets_a_bounded_report_that_encodes(raw: dict[str, Any], mode: str) -> None:
    """Whatever arrives, validation answers with a report (never an exception) of a bounded size
    that encodes as UTF-8 in every language."""
    report = validate(materialize(raw), mode)  # type: ignore[arg-type]
    assert len(report.findings) <= MOST_FINDINGS
    for lang in ("en", "ar"):
        json.dumps(report_json(report, lang), ensure_ascii=False).encode("utf-8")


@given(raw=posts())
def test_broken_text_is_an_error_where_it_is(raw: dict[str, Any]) -> None:
    """A lone surrogate in a text field the post knows makes the post invalid, with the field's path."""
    post_value = materialize(raw)
    found = findings(post_value)
    texts = {f["field"] for f in found if f["code"] == "text.invalid_character"}
    for field in ("title", "introduction", "type"):
        value = post_value.get(field)
        assert (isinstance(value, str) and any(is_surrogate(c) for c in value)) == (field in texts)


def is_surrogate(character: str) -> bool:
    """Any of U+D800..U+DFFF, not only the four LONE_SURROGATES `posts()` samples: its free text draws the rest."""
    return 0xD800 <= ord(character) <= 0xDFFF


def test_lists_past_their_bound_get_one_finding_and_are_checked_no_further() -> None:
    many = LIMITS.blocks + 1
    group = {"store_id": "912345678", "coupon_ids": ["C100"]}
    assert findings(post(blocks=[TEXT] * (LIMITS.blocks * 40))) == [
        F("blocks.too_many", "error", "blocks", count=LIMITS.blocks * 40, max_blocks=LIMITS.blocks)]
    assert findings(post(blocks=[TEXT] * LIMITS.blocks)) == []
    assert findings(post(blocks=[TEXT], hashtags=["a"] * 40_000))[:1] == [
        F("hashtags.too_many", "error", "hashtags", count=40_000, max_count=RULES.hashtags.max_count)]
    coupons = findings(post(blocks=[TEXT], coupons=[group] * 40_000))
    assert coupons[0] == F("coupons.too_many", "error", "coupons", count=40_000, max_stores=RULES.coupons.max_stores)
    assert len(coupons) == RULES.coupons.max_stores  # and a duplicate store for each of the other four kept
    ids = findings(post(blocks=[TEXT], coupons=[{"store_id": "912345678", "coupon_ids": ["C1"] * 9000}]))
    assert ids[0] == F("coupon.too_many_ids", "error", "coupons.0.coupon_ids", count=9000,
                       max_coupon_ids=RULES.coupons.max_coupon_ids_per_store)
    assert findings(post(blocks=[TEXT], repost=["facebook"] * 5000))[0] == F(
        "repost.too_many", "error", "repost", count=5000, max_networks=len(RULES.repost.networks))
    assert [f["code"] for f in findings(post(blocks=[TEXT] * many), "publish")] == ["blocks.too_many",
                                                                                     "post.no_picture"]


@given(raw=with_many_unknown_fields())
def test_unknown_fields_are_capped(raw: dict[str, Any]) -> None:
    unknown = [f for f in findings({**raw, "blocks": [TEXT]}) if f["code"] == "field.unknown"]
    assert len(unknown) == min(len(raw), LIMITS.unknown_fields)


def test_broken_characters_in_names_and_values_print() -> None:
    """A field name or coupon id holding a lone surrogate is shown with U+FFFD, never as a broken string."""
    found = findings(post(blocks=[TEXT], coupons=[{"store_id": "912345678", "coupon_ids": ["C\udc00"]}],
                          **{"ti\ud800tle": 1}))
    assert found == [
        F("field.unknown", "error", "ti\ufffdtle", name="ti\ufffdtle"),
        F("text.invalid_character", "error", "coupons.0.coupon_ids.0"),
        F("coupon.id_invalid", "error", "coupons.0.coupon_ids.0", coupon_id="C\ufffd"),
    ]


@given(text=st.text(st.sampled_from("ae\u0301\U0001F1EA\U0001F1F8\u200d\U0001F469"), max_size=200),
       limit=st.integers(1, 60))
def test_length_over_counts_exactly_up_to_its_bound(text: str, limit: int) -> None:
    factor = LIMITS.code_points_per_character
    shown = length_over(text, limit, factor)
    if len(text) > limit * factor:
        assert shown == len(text)
    else:
        count = count_graphemes(text)
        assert shown == (count if count > limit else None)


def test_a_huge_title_is_too_long_without_being_counted() -> None:
    title = "e" + "\u0301" * 900_000
    assert findings(post(blocks=[TEXT], title=title)) == [
        F("title.too_long", "error", "title", length=len(title), max_graphemes=RULES.title.max_graphemes)]


def test_json_nested_past_the_parser_is_not_a_post() -> None:
    """The partner call (`creatorpost.validate`) answers too when the JSON nests deeper than Python parses."""
    answer = json.loads(validate_json("[" * 100_000 + "]" * 100_000, '{"mode": "publish"}'))
    assert [f["code"] for f in answer["findings"]] == ["post.not_object"]
