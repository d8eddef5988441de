"""What keeps checking a post cheap and safe whatever a client sends (docs/ARCHITECTURE.md, "Limits").

`bounded(post, rules)` returns the view of a post that validation looks at, and the findings of
what was cut: lists longer than their bound in `[limits]` keep their first entries (and get their
"too many" finding), objects keep every field a post knows, and the whole post keeps at most
`limits.unknown_fields` others (each of those gets `field.unknown` from the shape check, so the
post is invalid anyway). A field name holding a lone surrogate is shown with U+FFFD in its place.

`broken_text(view)` finds the text fields that hold a lone surrogate (`"\\ud800"` in JSON: half of
an emoji, as a truncating text box leaves it). Such text cannot be stored as UTF-8, so it is an
error with the field's path, the same in the editor, `POST /api/posts/validate` and `POST /api/posts`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from creatorpost.findings import SURROGATE, Finding, error, printable
from creatorpost.models import Banner, CouponGroup, ImageBlock, Post, ProductBlock, TextBlock, VideoBlock
from creatorpost.rules import RuleSet


def _names(*models: type[Any]) -> frozenset[str]:
    return frozenset(field.alias or name for model in models for name, field in model.model_fields.items())


_POST_FIELDS = _names(Post)
_BLOCK_FIELDS = _names(TextBlock, ImageBlock, ProductBlock, VideoBlock)
_BANNER_FIELDS = _names(Banner)
_GROUP_FIELDS = _names(CouponGroup)
# The text fields of each object that a person types or pastes.
_POST_TEXT = ("type", "title", "introduction")
_BLOCK_TEXT = ("kind", "text", "media_id", "caption", "product_id", "url")


class _View:
    """Builds the bounded view of one post: how many unknown fields it may still keep."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.unknown_left = rules.limits.unknown_fields

    def object(self, value: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
        """`value` with its known fields and as many unknown ones as the post may still keep."""
        kept: dict[str, Any] = {}
        for key, item in value.items():
            if key not in known:
                if self.unknown_left <= 0:
                    continue
                self.unknown_left -= 1
                key = printable(key)
            kept[key] = item
        return kept


def _list(value: Any, bound: int) -> Any:
    return value[:bound] if isinstance(value, list) and len(value) > bound else value


def bounded(post: Mapping[str, Any], rules: RuleSet) -> tuple[dict[str, Any], list[Finding]]:
    """The view of `post` that validation checks, and the findings for what was cut from it."""
    limits = rules.limits
    builder = _View(rules)
    view = builder.object(dict(post), _POST_FIELDS)
    found: list[Finding] = []
    blocks = view.get("blocks")
    if isinstance(blocks, list):
        if len(blocks) > limits.blocks:
            found.append(error("blocks.too_many", "blocks", count=len(blocks), max_blocks=limits.blocks))
        view["blocks"] = [builder.object(b, _BLOCK_FIELDS) if isinstance(b, dict) else b
                          for b in _list(blocks, limits.blocks)]
    hashtags = view.get("hashtags")
    if isinstance(hashtags, list) and len(hashtags) > limits.hashtags:
        # Past the bound only the first max_count are checked: the list is refused as too long anyway.
        max_count = rules.hashtags.max_count
        found.append(error("hashtags.too_many", "hashtags", count=len(hashtags), max_count=max_count))
        view["hashtags"] = hashtags[:max_count]
    coupons = view.get("coupons")
    if isinstance(coupons, list):
        if len(coupons) > limits.coupon_groups:
            found.append(error("coupons.too_many", "coupons", count=len(coupons), max_stores=rules.coupons.max_stores))
            coupons = coupons[:rules.coupons.max_stores]
        view["coupons"] = [_group(builder, g, f"coupons.{i}", found) if isinstance(g, dict) else g
                           for i, g in enumerate(coupons)]
    repost = view.get("repost")
    if isinstance(repost, list) and len(repost) > limits.repost:
        found.append(error("repost.too_many", "repost", count=len(repost), max_networks=len(rules.repost.networks)))
        view["repost"] = repost[:limits.repost]
    banner = view.get("banner")
    if isinstance(banner, dict):
        view["banner"] = builder.object(banner, _BANNER_FIELDS)
    return view, found


def _group(builder: _View, group: dict[str, Any], where: str, found: list[Finding]) -> dict[str, Any]:
    rules = builder.rules
    kept = builder.object(group, _GROUP_FIELDS)
    ids = kept.get("coupon_ids")
    if isinstance(ids, list) and len(ids) > rules.limits.coupon_ids_per_group:
        most = rules.coupons.max_coupon_ids_per_store
        found.append(error("coupon.too_many_ids", f"{where}.coupon_ids", count=len(ids), max_coupon_ids=most))
        kept["coupon_ids"] = ids[:most]
    return kept


def _texts(view: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(field path, value) of every text field of a bounded view."""
    for key in _POST_TEXT:
        yield key, view.get(key)
    banner = view.get("banner")
    if isinstance(banner, dict):
        yield "banner.media_id", banner.get("media_id")
    for key in ("hashtags", "repost"):
        items = view.get(key)
        if isinstance(items, list):
            yield from ((f"{key}.{index}", item) for index, item in enumerate(items))
    blocks = view.get("blocks")
    for index, block in enumerate(blocks if isinstance(blocks, list) else []):
        if isinstance(block, dict):
            yield from ((f"blocks.{index}.{key}", block.get(key)) for key in _BLOCK_TEXT)
    coupons = view.get("coupons")
    for index, group in enumerate(coupons if isinstance(coupons, list) else []):
        if isinstance(group, dict):
            yield f"coupons.{index}.store_id", group.get("store_id")
            ids = group.get("coupon_ids")
            if isinstance(ids, list):
                yield from ((f"coupons.{index}.coupon_ids.{n}", item) for n, item in enumerate(ids))


def broken_text(view: dict[str, Any]) -> list[Finding]:
    """`text.invalid_character` for every text field of the view that holds a lone surrogate."""
    return [error("text.invalid_character", field) for field, value in _texts(view)
            if isinstance(value, str) and SURROGATE.search(value)]
