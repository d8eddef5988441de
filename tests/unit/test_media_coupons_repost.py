"""Banner and image metadata, store coupons and repost to social networks."""

from __future__ import annotations

from collections.abc import Mapping

from creatorpost.rules import load_rules
from tests.unit.post_helpers import TEXT, F, creator, findings, media, post

RULES = load_rules()
B = RULES.banner
I = RULES.images
C = RULES.coupons
STORE = "912345678"


def banner_findings(info: object) -> list[dict[str, object]]:
    return findings(post(banner={"media_id": "m1", "alt": "A beach at dusk"}, blocks=[TEXT]), media={"m1": info})


def test_banner_boundaries() -> None:
    """JPEG/PNG, at most 5 MB, at least 750x360; the text-free tip is always shown with a banner."""
    tip = F("banner.text_free", "tip", "banner")
    assert (B.formats, B.max_bytes, B.min_width, B.min_height) == (("jpeg", "png"), 5 * 1024 * 1024, 750, 360)
    assert banner_findings(media("jpeg", B.min_width, B.min_height, B.max_bytes)) == [tip]
    assert banner_findings(media("png", B.min_width + 1, B.min_height + 1, B.max_bytes - 1)) == [tip]
    assert banner_findings(media("jpeg", B.min_width - 1, B.min_height, B.max_bytes + 1)) == [
        F("banner.too_large", "error", "banner", bytes=B.max_bytes + 1, max_bytes=B.max_bytes),
        F("banner.too_small", "error", "banner", width=749, height=360, min_width=750, min_height=360),
        tip,
    ]
    assert banner_findings(media("webp", 800, B.min_height - 1)) == [
        F("banner.format", "error", "banner", format="webp", formats=["jpeg", "png"]),
        F("banner.too_small", "error", "banner", width=800, height=359, min_width=750, min_height=360),
        tip,
    ]


def test_banner_without_metadata_gets_only_the_tips() -> None:
    assert findings(post(banner={"media_id": "m1"})) == [F("banner.text_free", "tip", "banner"),
                                                         F("banner.alt_missing", "tip", "banner.alt")]


def test_every_picture_gets_a_tip_until_it_has_a_text_alternative() -> None:
    """Alt text, or else the caption, is what a reader who cannot see the photo hears."""
    photo = {"kind": "image", "media_id": "m2"}
    assert findings(post(banner={"media_id": "m1"}, blocks=[photo, {**photo, "media_id": "m3", "caption": "Dusk"},
                                                            {**photo, "media_id": "m4", "alt": " "},
                                                            {**photo, "media_id": "m5", "alt": "A straw hat"},
                                                            {"kind": "image"}])) == [
        F("banner.text_free", "tip", "banner"),
        F("banner.alt_missing", "tip", "banner.alt"),
        F("image.alt_missing", "tip", "blocks.0.alt"),
        F("image.alt_missing", "tip", "blocks.2.alt"),
    ]
    assert findings(post(banner={"media_id": "m1", "alt": "Dresses"}))[-1] == F("banner.text_free", "tip", "banner")


def image_findings(info: object) -> list[dict[str, object]]:
    return findings(post(blocks=[{"kind": "image", "media_id": "m2", "alt": "A red kite"}]), media={"m2": info})


def test_image_boundaries_and_scaling_is_not_an_error() -> None:
    assert image_findings(media("jpeg", I.min_width, I.min_height)) == []
    assert image_findings(media("jpeg", I.max_width, I.max_height)) == []
    assert image_findings(media("jpeg", I.min_width - 1, I.min_height)) == [
        F("image.too_small", "error", "blocks.0.media_id", width=749, height=360, min_width=750, min_height=360)
    ]
    assert image_findings(media("jpeg", I.min_width, I.min_height - 1)) == [
        F("image.too_small", "error", "blocks.0.media_id", width=750, height=359, min_width=750, min_height=360)
    ]
    assert image_findings(media("png", I.max_width + 1, I.max_height)) == [
        F("image.will_be_scaled", "tip", "blocks.0.media_id", width=2001, height=2000, max_width=2000, max_height=2000)
    ]
    assert image_findings(media("bmp", 800, 800)) == [
        F("image.unsupported_format", "error", "blocks.0.media_id", format="bmp", formats=list(I.formats))
    ]


def coupons(*groups: Mapping[str, object]) -> dict[str, object]:
    return post(blocks=[TEXT], coupons=list(groups))


def test_store_id_digit_boundaries() -> None:
    low, high = C.store_id_min_digits, C.store_id_max_digits
    for good in ("1" * low, "1" * high):
        assert findings(coupons({"store_id": good, "coupon_ids": ["C1"]})) == []
    bad = F("coupon.store_id_invalid", "error", "coupons.0.store_id", min_digits=low, max_digits=high)
    for wrong in ("1" * (low - 1), "1" * (high + 1), "91234567a", "９１２３４５６７８"):
        assert findings(coupons({"store_id": wrong, "coupon_ids": ["C1"]})) == [bad]


def test_only_stores_the_creator_collaborates_with() -> None:
    group = {"store_id": STORE, "coupon_ids": ["C123", "C124"]}
    assert findings(coupons(group), context=creator("junior", STORE)) == []
    assert findings(coupons(group), context=creator("junior", "1234567")) == [
        F("coupon.store_not_collaborating", "error", "coupons.0.store_id", store_id=STORE)
    ]


def test_coupon_ids_formats_duplicates_and_publish_needs_one() -> None:
    group = {"store_id": STORE, "coupon_ids": ["C123", "C123", "bad id", "-x"]}
    assert findings(coupons(group)) == [
        F("coupon.duplicate_id", "warning", "coupons.0.coupon_ids.1", coupon_id="C123"),
        F("coupon.id_invalid", "error", "coupons.0.coupon_ids.2", coupon_id="bad id"),
        F("coupon.id_invalid", "error", "coupons.0.coupon_ids.3", coupon_id="-x"),
    ]
    waiting = {"store_id": STORE, "coupon_ids": []}
    assert findings(coupons(waiting), "draft") == []
    assert findings(coupons(waiting), "publish") == [
        F("coupon.ids_required", "error", "coupons.0.coupon_ids"),
        F("post.no_picture", "tip"),
    ]


def test_coupon_count_boundaries() -> None:
    ids = [f"C{i}" for i in range(C.max_coupon_ids_per_store + 1)]
    assert findings(coupons({"store_id": STORE, "coupon_ids": ids[:-1]})) == []
    assert findings(coupons({"store_id": STORE, "coupon_ids": ids})) == [
        F("coupon.too_many_ids", "error", "coupons.0.coupon_ids", count=len(ids), max_coupon_ids=C.max_coupon_ids_per_store)
    ]
    stores = [{"store_id": str(10000000 + i), "coupon_ids": ["C1"]} for i in range(C.max_stores + 1)]
    assert findings(coupons(*stores[:-1])) == []
    assert findings(coupons(*stores)) == [
        F("coupons.too_many", "error", "coupons", count=C.max_stores + 1, max_stores=C.max_stores)
    ]
    assert findings(coupons(stores[0], stores[0])) == [
        F("coupons.duplicate_store", "error", "coupons.1.store_id", store_id=stores[0]["store_id"])
    ]


def test_repost_is_desktop_only_while_in_testing() -> None:
    body = post(blocks=[TEXT], repost=["facebook", "pinterest"])
    testing = F("repost.in_testing", "tip", "repost")
    assert RULES.repost.desktop_only and RULES.repost.in_testing
    assert findings(body, platform="desktop") == [testing]
    assert findings(body, platform="app") == [F("repost.desktop_only", "error", "repost"), testing]
    assert findings(post(repost=["facebook", "facebook", "myspace"])) == [
        F("repost.duplicate", "warning", "repost.1", network="facebook"),
        F("repost.unknown_network", "error", "repost.2", network="myspace"),
        testing,
    ]
    assert findings(post(repost=[]), platform="app") == []
