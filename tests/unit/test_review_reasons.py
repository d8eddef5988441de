"""The desk's reason list: read from its rule file, every reason readable by the creator and named for the
reviewer in every language, and each finding placed beside the part of the post it concerns."""

import tomllib
from pathlib import Path

import pytest

from creatorpost.languages import SUPPORTED_LANGS
from creatorpost.messages import catalog
from creatorpost.review_reasons import NOTE_CODE, part_of, review_rules

UI = Path(__file__).resolve().parents[2] / "assets" / "ui"


def test_the_fixed_list_is_the_issue_s_and_only_other_needs_a_note() -> None:
    """Off-topic banner, text in the banner, misleading title, prohibited item, low-quality photos... in this order."""
    rules = review_rules()
    assert [r.code for r in rules.reasons] == [
        "review.off_topic_banner", "review.text_in_banner", "review.misleading_title", "review.prohibited_item",
        "review.low_quality_photos", "review.unrelated_products", "review.other"]
    assert [r.code for r in rules.reasons if r.needs_note] == ["review.other"]
    assert rules.reason("review.ugly") is None and rules.note.max_chars > 0


@pytest.mark.parametrize("lang", SUPPORTED_LANGS)
def test_every_reason_reads_in_every_language(lang: str) -> None:
    """The creator's words (messages) and the reviewer's short name (ui) exist, translated, for each reason."""
    words = catalog(lang)
    ui = tomllib.loads((UI / f"{lang}.toml").read_text(encoding="utf-8"))["ui"]
    codes = [r.code for r in review_rules().reasons] + [NOTE_CODE]
    assert [c for c in codes if c not in words] == []
    assert [r.name for r in review_rules().reasons if f"desk.reason.{r.name}" not in ui] == []
    if lang != "en":
        english = catalog("en")
        assert [c for c in codes if words[c] == english[c]] == []


@pytest.mark.parametrize(("field", "part"), [
    ("title", "title"), ("introduction", "introduction"), ("hashtags.3", "hashtags"), ("banner.media_id", "banner"),
    ("blocks.2.caption", "blocks.2"), ("blocks.10", "blocks.10"), ("coupons.0.coupon_ids.1", "coupons"),
    (None, "post"), ("", "post"), ("blocks", "post"), ("blocks.x.caption", "post"), ("repost.0", "post"),
])
def test_a_finding_sits_beside_the_part_its_field_names(field: str | None, part: str) -> None:
    assert part_of(field) == part
