"""The rule set in force: `assets/rules/<post type>.toml` read once into a typed object.

Every limit the studio checks lives in the rule file; code reads it through `load_rules()`.
A missing or misspelt key fails at load time with the key's name (pydantic's `extra="forbid"`
and required fields), never later at a check.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from creatorpost.creators import Level
from creatorpost.resources import asset_table

_POST_TYPE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class PartRule(_Section):
    allowed: bool
    required: bool


class PartsRules(_Section):
    banner: PartRule
    title: PartRule
    introduction: PartRule
    hashtags: PartRule
    blocks: PartRule
    coupons: PartRule
    repost: PartRule

    def get(self, part: str) -> PartRule:
        rule: PartRule = getattr(self, part)
        return rule


class PublishRules(_Section):
    min_content_blocks: int
    block_kinds: tuple[str, ...]


class TextRules(_Section):
    remove_ranges: tuple[tuple[int, int], ...]


class LengthRule(_Section):
    max_graphemes: int = Field(ge=0, description="0 means no limit")


class HashtagRules(_Section):
    max_count: int
    max_length: int
    forbidden_characters: str
    hash_signs: str
    trailing_punctuation: str
    separators: str


class BannerRules(_Section):
    formats: tuple[str, ...]
    max_bytes: int
    min_width: int
    min_height: int
    tip_text_free: bool


class ImageRules(_Section):
    min_width: int
    min_height: int
    max_width: int
    max_height: int
    formats: tuple[str, ...]
    max_pixels: int


class UploadRules(_Section):
    max_bytes: int


class ShortLinkRule(_Section):
    host: str
    path_prefix: str


class ProductRules(_Section):
    id_min_digits: int
    id_max_digits: int
    hosts: tuple[str, ...]
    subdomains: tuple[str, ...]
    short_links: tuple[ShortLinkRule, ...]
    short_link_code_pattern: str
    short_link_max_hops: int = Field(ge=1)
    short_link_max_header_bytes: int = Field(ge=256)
    redirect_parameters: tuple[str, ...]
    accepted_forms: tuple[str, ...]

    @field_validator("short_link_code_pattern")
    @classmethod
    def _short_code_compiles(cls, value: str) -> str:
        re.compile(value)
        return value


class VideoRules(_Section):
    min_level: Level
    desktop_max_seconds: int
    app_max_seconds: int
    hosts: tuple[str, ...]
    embed_origin: str


class CouponRules(_Section):
    store_id_min_digits: int
    store_id_max_digits: int
    coupon_id_pattern: str
    max_stores: int
    max_coupon_ids_per_store: int

    @field_validator("coupon_id_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        re.compile(value)
        return value


class RepostRules(_Section):
    networks: tuple[str, ...]
    desktop_only: bool
    in_testing: bool
    share_urls: dict[str, str]


class LimitsRules(_Section):
    """Bounds on what a client may send, so that any post is checked cheaply (not on the help page)."""

    blocks: int = Field(gt=0)
    hashtags: int = Field(gt=0)
    coupon_groups: int = Field(gt=0)
    coupon_ids_per_group: int = Field(gt=0)
    repost: int = Field(gt=0)
    unknown_fields: int = Field(gt=0)
    depth: int = Field(gt=4)
    code_points_per_character: int = Field(gt=0)


class RuleSet(_Section):
    """All rules of one post type, as read from its rule file."""

    version: str
    post_type: str
    parts: PartsRules
    publish: PublishRules
    text: TextRules
    title: LengthRule
    introduction: LengthRule
    body: LengthRule
    hashtags: HashtagRules
    banner: BannerRules
    images: ImageRules
    upload: UploadRules
    products: ProductRules
    videos: VideoRules
    coupons: CouponRules
    repost: RepostRules
    limits: LimitsRules

    def public_dict(self) -> dict[str, Any]:
        """The rule set as plain JSON data (served by GET /api/rules)."""
        return self.model_dump(mode="json")


class PostTypeIndex(_Section):
    default: str
    post_types: tuple[str, ...]


class UnknownPostType(ValueError):
    """Asked for rules of a post type that has no rule file."""


@cache
def post_types() -> PostTypeIndex:
    """The post types that have a rule file (assets/rules/index.toml)."""
    return PostTypeIndex.model_validate(asset_table("rules/index.toml"))


def load_rules(post_type: str | None = None) -> RuleSet:
    """The rule set of `post_type` (default: the index's `default`, the Article), read and checked once
    per process (the same object every call)."""
    return _load_rules(post_types().default if post_type is None else post_type)


@cache
def _load_rules(post_type: str) -> RuleSet:
    if not isinstance(post_type, str) or not _POST_TYPE_NAME.match(post_type):
        raise UnknownPostType(f"not a post type name: {post_type!r}")
    if post_type not in post_types().post_types:
        raise UnknownPostType(f"no rule file for post type {post_type!r}")
    data = asset_table(f"rules/{post_type}.toml")
    rules = RuleSet.model_validate(data)
    if rules.post_type != post_type:
        raise ValueError(f"rules/{post_type}.toml says post_type = {rules.post_type!r}")
    return rules
