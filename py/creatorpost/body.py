"""Rules for the body blocks: text, image, product and video.

Body text has no character limit (help page), so a text block is only checked for being
empty, and only when publishing; a 1 MB text costs one `strip()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from creatorpost.creators import CreatorContext
from creatorpost.findings import Finding, error, tip, warning
from creatorpost.graphemes import length_over
from creatorpost.links import valid_product_id
from creatorpost.media import MediaInfo, check_image
from creatorpost.rules import RuleSet
from creatorpost.text import normalize_body
from creatorpost.videos import parse_youtube

# Texts longer than this are certainly not blank after clean-up (only a few invisible
# characters are removed), so they are not cleaned just to test for emptiness.
_SHORT = 64


@dataclass
class BodySummary:
    findings: list[Finding] = field(default_factory=list)
    content_blocks: int = 0
    has_picture: bool = False


def _nonblank(text: Any, rules: RuleSet) -> bool:
    if not isinstance(text, str):
        return False
    stripped = text.strip()
    if len(stripped) > _SHORT:
        return True
    return bool(normalize_body(stripped, rules))


def _filled(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _check_body_text(value: Any, field_path: str, rules: RuleSet) -> list[Finding]:
    limit = rules.body.max_graphemes
    if limit <= 0 or not isinstance(value, str):
        return []
    text = normalize_body(value, rules)
    length = length_over(text, limit, rules.limits.code_points_per_character)
    if length is None:
        return []
    return [error("body.too_long", field_path, length=length, max_graphemes=limit)]


def check_blocks(
    blocks: Any,
    rules: RuleSet,
    mode: str,
    context: CreatorContext | None,
    platform: str,
    media: Mapping[str, MediaInfo] | None,
    media_complete: bool = False,
) -> BodySummary:
    summary = BodySummary()
    if not isinstance(blocks, list):
        return summary
    found = summary.findings
    products_seen: set[str] = set()
    for index, block in enumerate(blocks):
        if not isinstance(block, dict):
            continue
        kind = block.get("kind")
        where = f"blocks.{index}"
        if kind not in rules.publish.block_kinds:
            continue  # unknown kinds are shape findings already
        filled = False
        if kind == "text":
            filled = _nonblank(block.get("text"), rules)
            found += _check_body_text(block.get("text"), f"{where}.text", rules)
        elif kind == "image":
            media_id = block.get("media_id")
            filled = _filled(media_id)
            info = media.get(media_id) if (media and isinstance(media_id, str) and filled) else None
            if info is not None:
                found += check_image(info, f"{where}.media_id", rules)
            elif filled and media_complete:
                found.append(error("media.not_found", f"{where}.media_id", media_id=media_id))
            if filled and not _filled(block.get("alt")) and not _filled(block.get("caption")):
                found.append(tip("image.alt_missing", f"{where}.alt"))
            summary.has_picture = summary.has_picture or filled
        elif kind == "product":
            product_id = block.get("product_id")
            filled = _filled(product_id)
            if isinstance(product_id, str) and filled:
                products = rules.products
                if not valid_product_id(product_id, rules):
                    found.append(
                        error(
                            "product.id_invalid", f"{where}.product_id",
                            min_digits=products.id_min_digits, max_digits=products.id_max_digits,
                        )
                    )
                elif product_id in products_seen:
                    found.append(warning("product.duplicate", f"{where}.product_id", product_id=product_id))
                products_seen.add(product_id)
            summary.has_picture = summary.has_picture or filled
        elif kind == "video":
            filled = _filled(block.get("url"))
            if filled:
                found += _check_video(block, where, rules, context, platform)
            summary.has_picture = summary.has_picture or filled  # its thumbnail
        if kind in ("image", "product"):
            found += _check_body_text(block.get("caption"), f"{where}.caption", rules)
        if kind == "image":
            found += _check_body_text(block.get("alt"), f"{where}.alt", rules)
        if filled:
            summary.content_blocks += 1
        elif mode == "publish":
            found.append(error("block.empty", where, kind=kind))
    return summary


def _check_video(
    block: dict[str, Any], where: str, rules: RuleSet, context: CreatorContext | None, platform: str
) -> list[Finding]:
    videos = rules.videos
    found: list[Finding] = []
    if context is not None and not context.level.at_least(videos.min_level):
        found.append(
            error("video.level_required", where, min_level=videos.min_level.value, level=context.level.value)
        )
    url = block["url"]
    if parse_youtube(url, rules) is None:
        found.append(error("video.url_invalid", f"{where}.url"))
    seconds = block.get("duration_seconds")
    if type(seconds) is int:
        limit = videos.desktop_max_seconds if platform == "desktop" else videos.app_max_seconds
        if seconds > limit:
            found.append(
                error("video.too_long", f"{where}.duration_seconds", seconds=seconds, max_seconds=limit, platform=platform)
            )
    return found
