"""The numbers the image step works with, per role, read from the rule files.

Banner and body-image limits come from the post type's rule set (article.toml); what only the
image step needs (JPEG quality bounds, what counts as flat graphics) from assets/rules/media.toml.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, model_validator

from creatorpost.imaging.facts import Role
from creatorpost.resources import asset_table
from creatorpost.rules import load_rules


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class OutputLimits(_Section):
    formats: tuple[str, ...] = Field(min_length=1)


class JpegLimits(_Section):
    quality: int = Field(ge=1, le=100)
    min_quality: int = Field(ge=1, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> JpegLimits:
        if self.min_quality > self.quality:
            raise ValueError("jpeg.min_quality must not exceed jpeg.quality")
        return self


class FlatLimits(_Section):
    sample_side: int = Field(ge=8)
    max_colors: int = Field(ge=2)


class MediaRules(_Section):
    schema_: int = Field(alias="schema")
    output: OutputLimits
    jpeg: JpegLimits
    flat: FlatLimits


@dataclass(frozen=True)
class RoleLimits:
    """Everything the policy needs to judge one image in one role."""

    role: Role
    input_formats: tuple[str, ...]
    output_formats: tuple[str, ...]
    min_width: int
    min_height: int
    max_width: int
    max_height: int
    max_pixels: int
    max_bytes: int | None
    jpeg_quality: int
    jpeg_min_quality: int


@cache
def media_rules() -> MediaRules:
    return MediaRules.model_validate(asset_table("rules/media.toml"))


@cache
def role_limits(role: Role, post_type: str | None = None) -> RoleLimits:
    rules = load_rules(post_type)
    media = media_rules()
    images = rules.images
    if role == "banner":
        banner = rules.banner
        output = tuple(f for f in media.output.formats if f in banner.formats)
        min_width, min_height, max_bytes = banner.min_width, banner.min_height, banner.max_bytes
    else:
        output = media.output.formats
        min_width, min_height, max_bytes = images.min_width, images.min_height, None
    return RoleLimits(
        role=role,
        input_formats=images.formats,
        output_formats=output,
        min_width=min_width,
        min_height=min_height,
        # The banner has no maximum of its own on the help page; it is shown like any image.
        max_width=images.max_width,
        max_height=images.max_height,
        max_pixels=images.max_pixels,
        max_bytes=max_bytes,
        jpeg_quality=media.jpeg.quality,
        jpeg_min_quality=media.jpeg.min_quality,
    )


def upload_max_bytes(post_type: str | None = None) -> int:
    """The largest original file the endpoint receives before the image step shrinks it."""
    return load_rules(post_type).upload.max_bytes
