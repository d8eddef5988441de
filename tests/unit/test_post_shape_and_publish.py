"""The post's shape and what Create needs: drafts may be unfinished, an empty post cannot be created."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from creatorpost.validation import validate
from tests.unit.post_helpers import TEXT, F, creator, findings, post

PRODUCT = {"kind": "product", "product_id": "1005001234567890", "caption": "My favourite"}


def test_an_empty_post_is_a_fine_draft_but_cannot_be_created() -> None:
    assert findings(post()) == []
    assert findings({}) == []
    assert findings(post(title="Bohemian Chic", introduction="Five pieces"), "publish") == [
        F("post.empty", "error", "blocks", min_blocks=1),
        F("post.no_picture", "tip"),
    ]


def test_one_filled_block_is_enough_to_create() -> None:
    assert findings(post(blocks=[PRODUCT]), "publish") == []
    assert findings(post(blocks=[TEXT]), "publish") == [F("post.no_picture", "tip")]


def test_empty_blocks_wait_in_a_draft_and_block_create() -> None:
    blocks = [TEXT, {"kind": "text", "text": " \u200b\n"}, {"kind": "image"}, {"kind": "product", "product_id": ""},
              {"kind": "video", "url": None}]
    assert findings(post(blocks=blocks)) == []
    assert findings(post(blocks=blocks), "publish") == [
        F("block.empty", "error", "blocks.1", kind="text"),
        F("block.empty", "error", "blocks.2", kind="image"),
        F("block.empty", "error", "blocks.3", kind="product"),
        F("block.empty", "error", "blocks.4", kind="video"),
        F("post.no_picture", "tip"),
    ]


def test_unknown_fields_kinds_and_types_are_findings() -> None:
    bad = {"schema": 1, "type": "article", "colour": "red", "title": 5, "banner": "m1",
           "blocks": [{"kind": "poll"}, {"text": "no kind"}, 7, {"kind": "image", "media_id": "m", "size": 3}],
           "coupons": [{"store_id": 912345678}]}
    assert findings(bad) == [
        F("field.wrong_type", "error", "banner", expected="object"),
        F("field.wrong_type", "error", "title", expected="string"),
        F("block.unknown_kind", "error", "blocks.0", kind="poll"),
        F("block.kind_missing", "error", "blocks.1"),
        F("field.wrong_type", "error", "blocks.2", expected="object"),
        F("field.unknown", "error", "blocks.3.size", name="size"),
        F("field.wrong_type", "error", "coupons.0.store_id", expected="string"),
        F("field.unknown", "error", "colour", name="colour"),
        F("image.alt_missing", "tip", "blocks.3.alt"),
    ]


def test_schema_version_and_post_type() -> None:
    assert findings(post(schema=2)) == [F("schema.unsupported", "error", "schema", schema=2)]
    assert findings(post(schema=True)) == [F("schema.unsupported", "error", "schema", schema="True")]
    assert findings(post(type="poll")) == [F("post.type_unknown", "error", "type", type="poll")]


def test_not_an_object() -> None:
    value: object
    for value in (None, [], "post", 3):
        assert findings(value) == [F("post.not_object", "error")]


def test_duplicate_products_are_a_warning() -> None:
    assert findings(post(blocks=[PRODUCT, PRODUCT])) == [
        F("product.duplicate", "warning", "blocks.1.product_id", product_id=PRODUCT["product_id"])
    ]
    assert findings(post(blocks=[{"kind": "product", "product_id": "12345"}])) == [
        F("product.id_invalid", "error", "blocks.0.product_id", min_digits=6, max_digits=20)
    ]


def test_body_text_has_no_limit_and_a_megabyte_validates() -> None:
    """A 1 MB article is a valid post (timing lives in bench/bench_validate.py)."""
    big = ("Long read. " * 100 + "\n") * 950
    assert len(big) > 1_000_000
    assert findings(post(blocks=[{"kind": "text", "text": big}]), "publish") == [F("post.no_picture", "tip")]


json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
post_keys = st.sampled_from(["schema", "type", "banner", "title", "introduction", "hashtags", "blocks", "coupons",
                             "repost", "x"])
block = st.fixed_dictionaries({"kind": st.sampled_from(["text", "image", "product", "video", "poll"])},
                              optional={"text": json_values, "media_id": json_values, "product_id": json_values,
                                        "url": json_values, "caption": json_values, "duration_seconds": json_values})
posts = st.dictionaries(post_keys, json_values | st.lists(block, max_size=4), max_size=9)


@settings(max_examples=300)
@given(posts, st.sampled_from(["draft", "publish"]), st.sampled_from([None, "junior", "senior"]),
       st.sampled_from(["desktop", "app"]))
def test_never_raises_and_reports_are_json(post_data: dict[str, Any], mode: str, level: str | None, platform: str) -> None:
    context = creator(level, "912345678") if level else None
    report = validate(post_data, mode, context, platform=platform)  # type: ignore[arg-type]
    dumped = report.model_dump(mode="json")
    assert json.loads(json.dumps(dumped)) == dumped
    assert report.valid == all(f.severity != "error" for f in report.findings)
