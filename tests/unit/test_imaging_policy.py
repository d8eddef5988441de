"""The image policy: what a creator is told and what the engines are asked to produce."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from creatorpost.findings import error, warning
from creatorpost.imaging.facts import Decision, EncodedImage, ImageFacts, Plan
from creatorpost.imaging.limits import role_limits
from creatorpost.imaging.policy import decide, fit_within
from creatorpost.imaging.quality import QualitySearch, encode_within_budget
from creatorpost.rules import load_rules

IMAGE = role_limits("image")
BANNER = role_limits("banner")
RULES = load_rules()


def jpeg(width: int, height: int, **kw: object) -> ImageFacts:
    return replace(ImageFacts(format="jpeg", width=width, height=height, bytes=200_000), **kw)  # type: ignore[arg-type]


def test_limits_come_from_the_rule_files() -> None:
    """The numbers the policy uses are the help page's, read from article.toml."""
    assert (IMAGE.min_width, IMAGE.min_height, IMAGE.max_width, IMAGE.max_height) == (
        RULES.images.min_width, RULES.images.min_height, RULES.images.max_width, RULES.images.max_height)
    assert BANNER.max_bytes == RULES.banner.max_bytes
    assert BANNER.output_formats == ("jpeg", "png")
    assert IMAGE.max_bytes is None


def test_a_photo_at_the_minimum_is_kept_untouched() -> None:
    assert decide(jpeg(750, 360), IMAGE, "blocks.0") == Decision(action="keep")


def test_one_pixel_too_small_is_refused_with_both_sizes() -> None:
    assert decide(jpeg(749, 360), IMAGE, "blocks.2").findings == (
        error("image.too_small", "blocks.2", width=749, height=360, min_width=750, min_height=360),
    )
    assert decide(jpeg(750, 359), BANNER, "banner").findings == (
        error("banner.too_small", "banner", width=750, height=359, min_width=750, min_height=360),
    )


def test_orientation_is_applied_before_judging_size() -> None:
    """A 4000x3000 stored sideways is a 3000x4000 portrait: fitted to 1500x2000."""
    decision = decide(jpeg(4000, 3000, orientation=6), IMAGE, "blocks.1")
    assert decision.action == "transform"
    assert decision.plan == Plan(width=1500, height=2000, format="jpeg", orientation=6, quality=85,
                                 min_quality=40, max_bytes=None, fallback_format=None)
    assert decision.findings == (warning(
        "image.will_be_scaled", "blocks.1", width=3000, height=4000, target_width=1500,
        target_height=2000, max_width=2000, max_height=2000),)
    # Stored 800x400 but shown 400x800: too narrow once upright.
    assert decide(jpeg(800, 400, orientation=8), IMAGE).findings[0].code == "image.too_small"


def test_refusals_in_order_of_what_helps_the_creator_most() -> None:
    svg = ImageFacts(format="svg", width=0, height=0, bytes=300)
    assert decide(svg, IMAGE, "banner").findings == (
        error("image.unsupported_format", "banner", format="svg", formats=["jpeg", "png", "webp"]),)
    gif = ImageFacts(format="gif", width=800, height=600, bytes=300)
    assert decide(gif, IMAGE).findings[0].code == "image.unsupported_format"
    broken = ImageFacts(format="jpeg", width=0, height=0, bytes=300, broken=True)
    assert decide(broken, IMAGE, "x").findings == (error("image.broken", "x", format="jpeg"),)
    bomb = ImageFacts(format="png", width=50000, height=50000, bytes=300_000)
    assert decide(bomb, IMAGE, "x").findings == (error(
        "image.too_many_pixels", "x", width=50000, height=50000, max_pixels=IMAGE.max_pixels),)


def test_a_panorama_that_cannot_fit_both_limits_is_refused() -> None:
    assert decide(jpeg(9000, 1000), IMAGE, "blocks.0").findings == (error(
        "image.aspect_ratio", "blocks.0", width=9000, height=1000, min_width=750, min_height=360,
        max_width=2000, max_height=2000),)


def test_png_is_kept_for_transparency_and_flat_graphics_only() -> None:
    photo_png = ImageFacts(format="png", width=3000, height=2000, bytes=9_000_000, flat=False)
    assert decide(photo_png, IMAGE).plan is not None
    assert decide(photo_png, IMAGE).plan.format == "jpeg"  # type: ignore[union-attr]
    logo = replace(photo_png, flat=True)
    plan = decide(logo, BANNER).plan
    assert plan is not None and (plan.format, plan.fallback_format, plan.max_bytes) == ("png", "jpeg", 5242880)
    small_transparent = ImageFacts(format="png", width=900, height=500, bytes=400_000, has_alpha=True)
    assert decide(small_transparent, IMAGE).action == "keep"
    transparent_webp = ImageFacts(format="webp", width=900, height=500, bytes=40_000, has_alpha=True)
    assert decide(transparent_webp, IMAGE).plan.format == "png"  # type: ignore[union-attr]


def test_a_banner_over_budget_is_recompressed_not_refused() -> None:
    decision = decide(jpeg(2000, 1500, bytes=RULES.banner.max_bytes + 1), BANNER, "banner")
    assert decision.action == "transform" and decision.findings == ()
    assert decide(jpeg(2000, 1500, bytes=RULES.banner.max_bytes), BANNER).action == "keep"


def test_files_that_cannot_be_shown_as_they_are_are_transformed() -> None:
    for facts in (jpeg(1000, 800, cmyk=True), jpeg(1000, 800, bit_depth=12), jpeg(1000, 800, orientation=3),
                  ImageFacts(format="png", width=1000, height=800, bytes=1, animated=True, frames=3, flat=True),
                  ImageFacts(format="webp", width=1000, height=800, bytes=1)):
        decision = decide(facts, IMAGE)
        assert decision.action == "transform", facts
        assert decision.plan is not None and (decision.plan.width, decision.plan.height) == (1000, 800)


@given(st.integers(1, 30000), st.integers(1, 30000))
def test_fit_keeps_aspect_never_enlarges_and_stays_in_the_box(width: int, height: int) -> None:
    w, h = fit_within(width, height, 2000, 2000)
    assert 1 <= w <= min(width, 2000) and 1 <= h <= min(height, 2000)
    if (w, h) != (width, height):
        assert max(w, h) == 2000
        # Aspect kept to within rounding of one pixel on the shorter side.
        assert abs(w * height - h * width) <= max(width, height)


def test_fit_examples() -> None:
    assert fit_within(6000, 4000, 2000, 2000) == (2000, 1333)
    assert fit_within(9000, 6000, 2000, 2000) == (2000, 1333)
    assert fit_within(3000, 4000, 2000, 2000) == (1500, 2000)
    assert fit_within(2500, 2500, 2000, 2000) == (2000, 2000)
    assert fit_within(1999, 2000, 2000, 2000) == (1999, 2000)


def _fake_encoder(bytes_at: dict[int, int], calls: list[int]):  # type: ignore[no-untyped-def]
    def encode(fmt: str, quality: int) -> EncodedImage:
        calls.append(quality)
        size = bytes_at[quality] if fmt == "jpeg" else bytes_at[-1]
        return EncodedImage(data=b"x" * size, format=fmt, width=10, height=10)
    return encode


def _plan(fmt: str = "jpeg", max_bytes: int | None = 1000, fallback: str | None = None) -> Plan:
    return Plan(width=10, height=10, format=fmt, orientation=1, quality=85, min_quality=40,
                max_bytes=max_bytes, fallback_format=fallback)


def test_quality_search_tries_the_plan_quality_first_and_stops_there_when_it_fits() -> None:
    calls: list[int] = []
    out = encode_within_budget(_plan(), _fake_encoder({q: 10 * q for q in range(101)}, calls))
    assert calls == [85] and out is not None and out.bytes == 850


def test_quality_search_finds_the_best_quality_that_fits() -> None:
    calls: list[int] = []
    out = encode_within_budget(_plan(max_bytes=600), _fake_encoder({q: 10 * q for q in range(101)}, calls))
    assert out is not None and out.bytes == 600
    assert calls[0] == 85 and len(calls) <= 7


def test_quality_search_gives_up_below_the_minimum_quality() -> None:
    calls: list[int] = []
    assert encode_within_budget(_plan(max_bytes=100), _fake_encoder({q: 10 * q for q in range(101)}, calls)) is None
    assert min(calls) == 40


def test_png_over_budget_falls_back_to_jpeg() -> None:
    calls: list[int] = []
    sizes = {q: 10 * q for q in range(101)} | {-1: 5000}
    out = encode_within_budget(_plan("png", 900, "jpeg"), _fake_encoder(sizes, calls))
    assert out is not None and (out.format, out.bytes) == ("jpeg", 850)


@given(st.lists(st.integers(1, 50), min_size=61, max_size=61), st.integers(100, 3000))
def test_quality_search_is_a_true_maximum_for_any_monotonic_encoder(steps: list[int], budget: int) -> None:
    sizes: dict[int, int] = {}
    total = 0
    for q, step in zip(range(40, 101), steps):
        total += step
        sizes[q] = total
    search = QualitySearch(85, 40, budget)
    while (quality := search.next()) is not None:
        search.report(sizes[quality])
    fitting = [q for q in range(40, 86) if sizes[q] <= budget]
    assert search.best == (max(fitting) if fitting else None)
