"""The one image policy: from what an engine reports, decide reject / keep / transform.

Pure Python (no imaging library), so the browser and the endpoint decide alike. The numbers
come from RoleLimits (rule files); every refusal carries a code from the message catalog.

- reject: not a format we take, a damaged file, too many pixels to decode safely, too small,
  or so elongated that fitting it in the maximum box would make it too small.
- keep: already upright, within the box, in an output format, within the byte budget. The
  pixels are left alone (no needless loss); only metadata is stripped (imaging.strip).
- transform: everything else, with a Plan: upright target size (fit in the box, aspect kept,
  never enlarged), output format, and the JPEG quality range the byte budget may search.
"""

from __future__ import annotations

from creatorpost.findings import Finding, error, warning
from creatorpost.imaging.facts import Decision, ImageFacts, Plan
from creatorpost.imaging.limits import RoleLimits

# Formats any engine can decode; which of them a role accepts is the rule set's business.
DECODABLE = ("jpeg", "png", "gif", "webp")


def fit_within(width: int, height: int, max_width: int, max_height: int) -> tuple[int, int]:
    """Largest size with the same aspect inside max_width x max_height; never larger than given.

    Rounded to the nearest pixel, at least 1: both engines call this, so they agree exactly.
    """
    if width <= max_width and height <= max_height:
        return width, height
    # Compare ratios with integers to pick the binding side without float surprises.
    if width * max_height >= height * max_width:
        return max_width, max(1, (height * max_width + width // 2) // width)
    return max(1, (width * max_height + height // 2) // height), max_height


def wants_png(facts: ImageFacts) -> bool:
    """Transparency, palettes and flat graphics look best (and are often smaller) as PNG."""
    if facts.format == "jpeg":
        return False
    return facts.has_alpha or facts.palette or facts.flat is True


def decide(facts: ImageFacts, limits: RoleLimits, field: str = "") -> Decision:
    refusal = _refusal(facts, limits, field)
    if refusal is not None:
        return Decision(action="reject", findings=(refusal,))

    width, height = facts.upright_width, facts.upright_height
    target_w, target_h = fit_within(width, height, limits.max_width, limits.max_height)
    if target_w < limits.min_width or target_h < limits.min_height:
        return Decision(action="reject", findings=(error(
            "image.aspect_ratio", field, width=width, height=height,
            min_width=limits.min_width, min_height=limits.min_height,
            max_width=limits.max_width, max_height=limits.max_height,
        ),))

    out_format = _output_format(facts, limits)
    findings: list[Finding] = []
    scaled = (target_w, target_h) != (width, height)
    if scaled:
        findings.append(warning(
            "image.will_be_scaled", field, width=width, height=height,
            target_width=target_w, target_height=target_h,
            max_width=limits.max_width, max_height=limits.max_height,
        ))
    if _can_keep(facts, limits, out_format, scaled):
        return Decision(action="keep", findings=tuple(findings))

    fallback = "jpeg" if out_format == "png" and "jpeg" in limits.output_formats else None
    plan = Plan(
        width=target_w, height=target_h, format=out_format, orientation=facts.orientation,
        quality=limits.jpeg_quality, min_quality=limits.jpeg_min_quality,
        max_bytes=limits.max_bytes, fallback_format=fallback,
    )
    return Decision(action="transform", findings=tuple(findings), plan=plan)


def _refusal(facts: ImageFacts, limits: RoleLimits, field: str) -> Finding | None:
    if facts.bytes == 0:
        return error("image.empty", field)
    if facts.format not in DECODABLE or facts.format not in limits.input_formats:
        return error("image.unsupported_format", field, format=facts.format,
                     formats=list(limits.input_formats))
    if facts.broken:
        return error("image.broken", field, format=facts.format)
    if facts.pixel_count > limits.max_pixels:
        return error("image.too_many_pixels", field, width=facts.width, height=facts.height,
                     max_pixels=limits.max_pixels)
    width, height = facts.upright_width, facts.upright_height
    if width < limits.min_width or height < limits.min_height:
        code = "banner.too_small" if limits.role == "banner" else "image.too_small"
        return error(code, field, width=width, height=height,
                     min_width=limits.min_width, min_height=limits.min_height)
    return None


def _output_format(facts: ImageFacts, limits: RoleLimits) -> str:
    if wants_png(facts) and "png" in limits.output_formats:
        return "png"
    if "jpeg" in limits.output_formats:
        return "jpeg"
    return limits.output_formats[0]


def _can_keep(facts: ImageFacts, limits: RoleLimits, out_format: str, scaled: bool) -> bool:
    return (
        not scaled
        and facts.format == out_format
        and facts.orientation == 1
        and not facts.animated
        and not facts.cmyk
        and facts.bit_depth <= 8
        and (limits.max_bytes is None or facts.bytes <= limits.max_bytes)
    )
