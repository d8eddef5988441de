"""What is known about an uploaded picture, and the banner and image rules that use it.

The pixels are the image step's business; validation only sees metadata (`MediaInfo`):
the browser knows it after its own resize, the endpoint after Pillow re-checked the file.
A media id without metadata is not judged here.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from creatorpost.findings import Finding, error, tip
from creatorpost.rules import RuleSet


class MediaInfo(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    format: str
    width: int
    height: int
    bytes: int


def check_banner(info: MediaInfo, field: str, rules: RuleSet) -> list[Finding]:
    banner = rules.banner
    found: list[Finding] = []
    fmt = info.format.lower()
    if fmt not in banner.formats:
        found.append(error("banner.format", field, format=fmt, formats=list(banner.formats)))
    if info.bytes > banner.max_bytes:
        found.append(error("banner.too_large", field, bytes=info.bytes, max_bytes=banner.max_bytes))
    if info.width < banner.min_width or info.height < banner.min_height:
        found.append(
            error(
                "banner.too_small", field,
                width=info.width, height=info.height, min_width=banner.min_width, min_height=banner.min_height,
            )
        )
    return found


def check_image(info: MediaInfo, field: str, rules: RuleSet) -> list[Finding]:
    images = rules.images
    found: list[Finding] = []
    fmt = info.format.lower()
    if fmt not in images.formats:
        found.append(error("image.unsupported_format", field, format=fmt, formats=list(images.formats)))
    if info.width * info.height > images.max_pixels:
        found.append(error("image.too_many_pixels", field, width=info.width, height=info.height))
    if info.width < images.min_width or info.height < images.min_height:
        found.append(
            error(
                "image.too_small", field,
                width=info.width, height=info.height, min_width=images.min_width, min_height=images.min_height,
            )
        )
    elif info.width > images.max_width or info.height > images.max_height:
        found.append(
            tip(
                "image.will_be_scaled", field,
                width=info.width, height=info.height, max_width=images.max_width, max_height=images.max_height,
            )
        )
    return found
