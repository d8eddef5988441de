"""The help page's rules, each with the findings written out by hand from the page's own words.

Unlike tests/vectors/validation.json (generated from today's output, a change detector), every
expected list here was written from the help page: if the code changes what a creator is told
about one of these rules, a test here fails and the change has to be argued for.
"""

from __future__ import annotations

from typing import Any

import pytest

from creatorpost.creators import CreatorContext, Level
from creatorpost.media import MediaInfo
from creatorpost.validation import Platform, validate

TEXT = {"kind": "text", "text": "What I bought and how it went."}
PHOTO = {"kind": "image", "media_id": "m_photo", "caption": "On the beach"}
GOOD_PHOTO = MediaInfo(format="jpeg", width=1600, height=1200, bytes=400_000)
VIDEO = {"kind": "video", "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"}
NO_PICTURE: tuple[str, str, str, dict[str, Any]] = ("post.no_picture", "tip", "", {})


def article(**parts: Any) -> dict[str, Any]:
    return {"schema": 1, "type": "article", "blocks": [TEXT], **parts}


def creator(level: str, *stores: str) -> CreatorContext:
    return CreatorContext(level=Level(level), store_ids=frozenset(stores))


def findings(post: dict[str, Any], context: CreatorContext | None = None, platform: Platform = "desktop",
             media: dict[str, MediaInfo] | None = None) -> list[tuple[str, str, str, dict[str, Any]]]:
    report = validate(post, "publish", context, platform=platform, media=media)
    return [(f.code, f.severity, f.field, dict(f.params)) for f in report.findings]


def test_a_title_of_60_characters_is_fine_and_61_is_one_too_many() -> None:
    """"Max. 60 characters" — counted as a person counts them."""
    assert findings(article(title="a" * 60)) == [NO_PICTURE]
    assert findings(article(title="a" * 61)) == [
        ("title.too_long", "error", "title", {"length": 61, "max_graphemes": 60}), NO_PICTURE]
    assert findings(article(title="👩‍👩‍👧‍👦" * 60)) == [NO_PICTURE]  # one family emoji is one character


def test_an_introduction_may_have_1000_characters() -> None:
    """Step 4: "Max. 1000 characters"."""
    assert findings(article(introduction="b" * 1000)) == [NO_PICTURE]
    assert findings(article(introduction="b" * 1001)) == [
        ("introduction.too_long", "error", "introduction", {"length": 1001, "max_graphemes": 1000}), NO_PICTURE]


def test_up_to_5_hashtags_per_article() -> None:
    """Step 5: "You can choose up to 5 hashtags per article", e.g. #Bikinis, #Baby&Kids, #CheerForAliExpress."""
    assert findings(article(hashtags=["Bikinis", "Baby&Kids", "CheerForAliExpress", "Summer", "Sale"])) == [NO_PICTURE]
    assert findings(article(hashtags=["a", "b", "c", "d", "e", "f"])) == [
        ("hashtags.too_many", "error", "hashtags.5", {"count": 6, "max_count": 5}), NO_PICTURE]


def test_body_text_has_no_character_limit() -> None:
    """Step 6: "There is no character limit"."""
    assert findings(article(blocks=[{"kind": "text", "text": "z" * 200_000}])) == [NO_PICTURE]


def test_a_banner_is_jpeg_or_png_at_most_5mb_and_at_least_750_by_360() -> None:
    """Step 2: supported formats JPEG & PNG, max. 5MB, min. 750 (w) x 360 (h); text-free images are encouraged."""
    fine = {"m_b": MediaInfo(format="png", width=750, height=360, bytes=5 * 1024 * 1024)}
    assert findings(article(banner={"media_id": "m_b", "alt": "Linen dresses on a rail"}), media=fine) == [("banner.text_free", "tip", "banner", {})]
    bad = {"m_b": MediaInfo(format="gif", width=749, height=360, bytes=5 * 1024 * 1024 + 1)}
    assert findings(article(banner={"media_id": "m_b", "alt": "Linen dresses on a rail"}), media=bad) == [
        ("banner.format", "error", "banner", {"format": "gif", "formats": ["jpeg", "png"]}),
        ("banner.too_large", "error", "banner", {"bytes": 5 * 1024 * 1024 + 1, "max_bytes": 5 * 1024 * 1024}),
        ("banner.too_small", "error", "banner", {"width": 749, "height": 360, "min_width": 750, "min_height": 360}),
        ("banner.text_free", "tip", "banner", {}),
    ]


def test_images_must_be_at_least_750_by_360() -> None:
    """Step 6: "Min. size: 750 (w) x 360 (h) pixels" (larger ones are compressed, never refused)."""
    assert findings(article(blocks=[TEXT, PHOTO]), media={"m_photo": GOOD_PHOTO}) == []
    small = {"m_photo": MediaInfo(format="jpeg", width=750, height=359, bytes=50_000)}
    assert findings(article(blocks=[TEXT, PHOTO]), media=small) == [
        ("image.too_small", "error", "blocks.1.media_id", {"width": 750, "height": 359, "min_width": 750,
                                                           "min_height": 360})]


@pytest.mark.parametrize("level", ["basic", "amateur", "junior"])
def test_videos_are_for_intermediate_creators_and_above_only(level: str) -> None:
    """Step 7: "Only Influencers who are Intermediate Creators and above can use this function"."""
    assert findings(article(blocks=[TEXT, VIDEO]), creator(level)) == [
        ("video.level_required", "error", "blocks.1", {"min_level": "intermediate", "level": level})]


@pytest.mark.parametrize("level", ["intermediate", "senior", "professional"])
def test_intermediate_creators_and_above_may_add_youtube_videos(level: str) -> None:
    assert findings(article(blocks=[TEXT, VIDEO]), creator(level)) == []


def test_store_coupons_only_from_stores_the_creator_collaborates_with() -> None:
    """Step 8: "You may add a Store Coupon only if you collaborate with a particular store"."""
    coupons = [{"store_id": "912345678", "coupon_ids": ["C123"]}]
    assert findings(article(coupons=coupons), creator("basic", "912345678")) == [NO_PICTURE]
    assert findings(article(coupons=coupons), creator("basic")) == [
        ("coupon.store_not_collaborating", "error", "coupons.0.store_id", {"store_id": "912345678"}), NO_PICTURE]


def test_repost_to_sns_is_desktop_only_while_in_testing() -> None:
    """Step 9: "still in its testing phase" and "only available on AliExpress.com (desktop version)"."""
    assert findings(article(repost=["facebook"]), platform="desktop") == [
        ("repost.in_testing", "tip", "repost", {}), NO_PICTURE]
    assert findings(article(repost=["facebook"]), platform="app") == [
        ("repost.desktop_only", "error", "repost", {}), ("repost.in_testing", "tip", "repost", {}), NO_PICTURE]
