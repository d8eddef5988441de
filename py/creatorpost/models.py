"""The post as JSON (schema 1; docs/ARCHITECTURE.md, "The post, as JSON") as pydantic models.

The models hold the SHAPE only (which fields, which types, which block kinds). Limits and
formats are rules (`creatorpost.validation`), so that a draft with a too-long title still
loads and the creator sees a finding instead of a crash. Unknown fields and unknown block
kinds are rejected (`extra="forbid"`, a discriminated union on `kind`); validation turns
those rejections into findings.

Everything but the block `kind` is optional, so an unfinished draft always has a shape:
an image block may wait for its upload, a product block for "Get info".
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

SCHEMA_VERSION: Literal[1] = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True, defer_build=True)


class Banner(_Strict):
    media_id: str | None = None
    alt: str | None = Field(default=None, description="text alternative for readers who cannot see the banner")


class TextBlock(_Strict):
    kind: Literal["text"]
    text: str = ""


class ImageBlock(_Strict):
    kind: Literal["image"]
    media_id: str | None = None
    caption: str | None = None
    alt: str | None = Field(default=None, description="text alternative of the photo; the caption stands in when empty")


class ProductBlock(_Strict):
    kind: Literal["product"]
    product_id: str | None = None
    caption: str | None = None


class VideoBlock(_Strict):
    kind: Literal["video"]
    url: str | None = None
    duration_seconds: int | None = Field(
        default=None, description="length of the video when known; checked against the desktop/app limits"
    )


Block = Annotated[Union[TextBlock, ImageBlock, ProductBlock, VideoBlock], Field(discriminator="kind")]


class CouponGroup(_Strict):
    store_id: str | None = None
    coupon_ids: list[str] = Field(default_factory=list)


class Post(_Strict):
    """One post. Optional parts may be absent or null."""

    schema_version: Literal[1] = Field(default=SCHEMA_VERSION, alias="schema")
    type: str = "article"
    banner: Banner | None = None
    title: str | None = None
    introduction: str | None = None
    hashtags: list[str] | None = None
    blocks: list[Block] | None = None
    coupons: list[CouponGroup] | None = None
    repost: list[str] | None = None


POST_ADAPTER: TypeAdapter[Post] = TypeAdapter(Post)
