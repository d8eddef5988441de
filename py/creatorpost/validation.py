"""Validate a post against the rule set: a report of findings, never an exception.

Two modes:
- ``draft``: an unfinished post is fine; only what is already wrong is flagged (a title that
  is too long, a link to another site, a video from a Junior creator, an unknown field).
  Empty blocks, a missing body and empty coupon lists are not findings in a draft.
- ``publish``: what Create needs, on top of the draft rules. A post needs at least
  ``[publish] min_content_blocks`` body blocks with content (text with visible characters,
  an image with a media id, a product with a product id, a video with a link); every block
  must be filled in (``block.empty``); each store in ``coupons`` needs a coupon id; every
  part marked ``required`` for the post type in ``[parts]`` must be there. Title,
  introduction, banner and hashtags are optional for an Article (the help page says so),
  so a post with only a title cannot be created, a post with only a photo can.

Checks that need the creator (video level, store collaboration) run only when a
``CreatorContext`` is given; the endpoint always gives one. Banner and image checks use
``media`` metadata when it is known for a media id; with ``media_complete`` (the endpoint, which
knows every photo the creator uploaded) a media id that ``media`` does not hold is
``media.not_found``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from creatorpost.body import BodySummary, check_blocks
from creatorpost.bounds import bounded, broken_text
from creatorpost.coupons import check_coupons
from creatorpost.creators import CreatorContext
from creatorpost.findings import Finding, Report, error, tip
from creatorpost.graphemes import length_over
from creatorpost.hashtags import check_hashtags
from creatorpost.media import MediaInfo, check_banner
from creatorpost.models import SCHEMA_VERSION
from creatorpost.repost import check_repost
from creatorpost.rules import RuleSet, load_rules, post_types
from creatorpost.structure import shape_findings
from creatorpost.text import normalize_introduction, normalize_title

__all__ = ["Finding", "MediaInfo", "Mode", "Platform", "Report", "validate"]

Mode = Literal["draft", "publish"]
Platform = Literal["desktop", "app"]
_MODES = ("draft", "publish")
_PLATFORMS = ("desktop", "app")


def validate(
    post: Mapping[str, Any],
    mode: Mode = "draft",
    context: CreatorContext | None = None,
    *,
    platform: Platform = "desktop",
    media: Mapping[str, MediaInfo] | None = None,
    media_complete: bool = False,
) -> Report:
    """The report for `post` (any JSON value) in `mode`; see the module docstring."""
    if mode not in _MODES:
        raise ValueError(f"mode must be one of {_MODES}, not {mode!r}")
    if platform not in _PLATFORMS:
        raise ValueError(f"platform must be one of {_PLATFORMS}, not {platform!r}")
    if not isinstance(post, Mapping):
        return Report.of([error("post.not_object")])
    rules, type_findings = _rules_for(post)
    # Everything below looks at the bounded view only: whatever was sent, checking it stays cheap.
    data, cut = bounded(post, rules)
    findings = shape_findings(data)
    findings += _check_schema(data)
    findings += broken_text(data)
    findings += cut
    findings += type_findings
    findings += _check_banner(data.get("banner"), rules, media, media_complete)
    findings += _check_length(data.get("title"), "title", rules, normalize_title, rules.title.max_graphemes)
    findings += _check_length(
        data.get("introduction"), "introduction", rules, normalize_introduction, rules.introduction.max_graphemes
    )
    findings += check_hashtags(data.get("hashtags"), rules)
    summary = check_blocks(data.get("blocks"), rules, mode, context, platform, media, media_complete)
    findings += summary.findings
    findings += check_coupons(data.get("coupons"), rules, mode, context)
    findings += check_repost(data.get("repost"), rules, platform)
    findings += _check_parts(data, rules, mode, summary)
    return Report.of(findings)


def _check_schema(data: dict[str, Any]) -> list[Finding]:
    if "schema" not in data:
        return []
    value = data["schema"]
    if type(value) is int and value == SCHEMA_VERSION:
        return []
    shown = value if type(value) in (int, str) else str(value)
    return [error("schema.unsupported", "schema", schema=shown)]


def _rules_for(data: Mapping[str, Any]) -> tuple[RuleSet, list[Finding]]:
    index = post_types()
    post_type = data.get("type")
    if post_type is None:
        return load_rules(index.default), []
    if isinstance(post_type, str) and post_type in index.post_types:
        return load_rules(post_type), []
    found = [error("post.type_unknown", "type", type=post_type)] if isinstance(post_type, str) else []
    return load_rules(index.default), found


def _check_banner(banner: Any, rules: RuleSet, media: Mapping[str, MediaInfo] | None,
                  media_complete: bool) -> list[Finding]:
    if not isinstance(banner, dict):
        return []
    media_id = banner.get("media_id")
    if not isinstance(media_id, str) or not media_id:
        return []
    found: list[Finding] = []
    info = media.get(media_id) if media else None
    if info is not None:
        found += check_banner(info, "banner", rules)
    elif media_complete:
        found.append(error("media.not_found", "banner.media_id", media_id=media_id))
    if rules.banner.tip_text_free:
        found.append(tip("banner.text_free", "banner"))
    if not _filled(banner.get("alt")):
        found.append(tip("banner.alt_missing", "banner.alt"))
    return found


def _filled(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _check_length(value: Any, field: str, rules: RuleSet, normalize: Any, limit: int) -> list[Finding]:
    if not isinstance(value, str) or limit <= 0:
        return []
    text = normalize(value, rules)
    length = length_over(text, limit, rules.limits.code_points_per_character)
    if length is None:
        return []
    return [error(f"{field}.too_long", field, length=length, max_graphemes=limit)]


def _has_part(data: dict[str, Any], part: str, rules: RuleSet, summary: BodySummary) -> bool:
    value = data.get(part)
    if part == "banner":
        return isinstance(value, dict) and isinstance(value.get("media_id"), str) and bool(value["media_id"])
    if part == "title":
        return isinstance(value, str) and bool(normalize_title(value, rules))
    if part == "introduction":
        return isinstance(value, str) and bool(normalize_introduction(value, rules))
    if part == "blocks":
        return summary.content_blocks > 0
    return isinstance(value, list) and len(value) > 0


def _check_parts(data: dict[str, Any], rules: RuleSet, mode: Mode, summary: BodySummary) -> list[Finding]:
    found: list[Finding] = []
    for part in type(rules.parts).model_fields:
        rule = rules.parts.get(part)
        present = _has_part(data, part, rules, summary)
        if present and not rule.allowed:
            found.append(error("part.not_allowed", part))
        elif mode == "publish" and rule.required and part != "blocks" and not present:
            found.append(error("part.required", part))
    if mode == "publish" and rules.parts.blocks.required and summary.content_blocks < rules.publish.min_content_blocks:
        found.append(error("post.empty", "blocks", min_blocks=rules.publish.min_content_blocks))
    if mode == "publish" and not summary.has_picture and not _has_part(data, "banner", rules, summary):
        found.append(tip("post.no_picture"))
    return found
