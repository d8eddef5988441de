"""The conformance table: one row per test image, with the decision every engine must reach.

The files themselves are made at test time with Pillow (tests/vectors/images/generate.py makes
`<name>` for each row). Pillow on CPython and the browser engine in Chromium both run the whole
table through `check()`; they must agree on the action, the refusal code, the output format and
the output size (within a pixel), and an upright picture must come out upright.

Pure Python, so the same table and checks run inside Pyodide.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from creatorpost.imaging.engine import AsyncImageEngine
from creatorpost.imaging.facts import Action, Role
from creatorpost.imaging.pipeline import Outcome, process_async

# Every vector that is shown upright has a red patch in its top-left corner and a blue one
# in its bottom-right (after applying EXIF orientation); `marker_ok` checks the output.
MARKER_FRACTION = 0.08


@dataclass(frozen=True)
class Vector:
    name: str
    role: Role
    description: str
    action: Action
    code: str | None = None
    width: int | None = None
    height: int | None = None
    format: str | None = None
    # Has the red/blue corner markers (checked on the output when the action is not reject).
    marked: bool = False
    warnings: tuple[str, ...] = ()


VECTORS: tuple[Vector, ...] = (
    Vector("min_750x360.jpg", "image", "exactly the minimum size", "keep",
           width=750, height=360, format="jpeg", marked=True),
    Vector("under_749x360.jpg", "image", "one pixel too narrow", "reject", code="image.too_small"),
    Vector("under_750x359.jpg", "image", "one pixel too low", "reject", code="image.too_small"),
    Vector("huge_6000x4000.jpg", "image", "a big camera photo", "transform",
           width=2000, height=1333, format="jpeg", marked=True, warnings=("image.will_be_scaled",)),
    Vector("rotated_o6_4000x3000.jpg", "image", "stored sideways, EXIF orientation 6", "transform",
           width=1500, height=2000, format="jpeg", marked=True, warnings=("image.will_be_scaled",)),
    *(Vector(f"oriented_o{n}_2400x1600.jpg", "image", f"stored {how}, EXIF orientation {n}", "transform",
             width=2000, height=1333, format="jpeg", marked=True, warnings=("image.will_be_scaled",))
      for n, how in ((2, "mirrored"), (3, "upside down"), (4, "flipped"), (5, "transposed"),
                     (7, "transversed"), (8, "turned the other way"))),
    Vector("gps_1000x800.jpg", "image", "GPS position in EXIF (kept, metadata stripped)", "keep",
           width=1000, height=800, format="jpeg", marked=True),
    Vector("cmyk_1200x800.jpg", "image", "a CMYK JPEG from print software", "transform",
           width=1200, height=800, format="jpeg", marked=True),
    Vector("gray16_1000x800.png", "image", "16-bit greyscale PNG", "transform",
           width=1000, height=800, format="png"),
    Vector("palette_800x600.png", "image", "palette PNG (flat graphics)", "keep",
           width=800, height=600, format="png", marked=True),
    Vector("transparent_2400x1200.png", "image", "transparent PNG, too wide", "transform",
           width=2000, height=1000, format="png", marked=True, warnings=("image.will_be_scaled",)),
    Vector("animated_800x400.gif", "image", "animated GIF (GIF is not taken)", "reject",
           code="image.unsupported_format"),
    # Animated WebP headers always declare alpha (Pillow's and libwebp's encoders set the flag),
    # and engines trust the header for alpha: the first frame is kept as PNG.
    Vector("animated_800x400.webp", "image", "animated WebP: first frame", "transform",
           width=800, height=400, format="png", marked=True),
    Vector("photo_1600x900.webp", "image", "a lossy WebP photo", "transform",
           width=1600, height=900, format="jpeg", marked=True),
    Vector("truncated_1000x800.jpg", "image", "a JPEG cut in half", "reject", code="image.broken"),
    Vector("text_named.jpg", "image", "a text file named .jpg", "reject",
           code="image.unsupported_format"),
    Vector("script.svg", "image", "an SVG with a script", "reject", code="image.unsupported_format"),
    Vector("bomb_50000x50000.png", "image", "a tiny PNG that decodes to 2.5 gigapixels", "reject",
           code="image.too_many_pixels"),
    Vector("banner_q100_2000x2000.jpg", "banner", "a banner over 5 MB", "transform",
           width=2000, height=2000, format="jpeg", marked=True),
    Vector("banner_flat_2500x2500.png", "banner", "a flat-colour banner, too big", "transform",
           width=2000, height=2000, format="png", marked=True, warnings=("image.will_be_scaled",)),
    Vector("banner_tall_360x750.jpg", "banner", "portrait: 360 wide is under 750", "reject",
           code="banner.too_small"),
    Vector("panorama_9000x1000.jpg", "image", "too elongated to fit 2000 wide and 360 high", "reject",
           code="image.aspect_ratio"),
)


def vector(name: str) -> Vector:
    for row in VECTORS:
        if row.name == name:
            return row
    raise KeyError(name)


def check(row: Vector, outcome: Outcome) -> list[str]:
    """What differs between the outcome and the table (empty when it conforms)."""
    problems: list[str] = []
    decision = outcome.decision
    if decision.action != row.action:
        problems.append(f"action {decision.action!r}, expected {row.action!r} ({decision.findings})")
        return problems
    error = decision.error
    if (error.code if error else None) != row.code:
        problems.append(f"code {error.code if error else None!r}, expected {row.code!r}")
    warnings = tuple(f.code for f in decision.findings if f.severity == "warning")
    if warnings != row.warnings:
        problems.append(f"warnings {warnings}, expected {row.warnings}")
    image = outcome.image
    if row.action == "reject":
        if image is not None:
            problems.append("rejected but produced an image")
        return problems
    if image is None:
        return [*problems, "no image produced"]
    if image.format != row.format:
        problems.append(f"format {image.format!r}, expected {row.format!r}")
    if row.width is not None and row.height is not None and (
        abs(image.width - row.width) > 1 or abs(image.height - row.height) > 1
    ):
        problems.append(f"size {image.width}x{image.height}, expected {row.width}x{row.height}")
    return problems


def marker_points(width: int, height: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """Where to read the red (top-left) and blue (bottom-right) markers in an upright output."""
    dx, dy = max(1, int(width * MARKER_FRACTION / 2)), max(1, int(height * MARKER_FRACTION / 2))
    return (dx, dy), (width - 1 - dx, height - 1 - dy)


def is_red(rgb: tuple[int, int, int]) -> bool:
    r, g, b = rgb[:3]
    return r > 160 and g < 90 and b < 90


def is_blue(rgb: tuple[int, int, int]) -> bool:
    r, g, b = rgb[:3]
    return b > 160 and r < 90 and g < 90


async def run_async(
    engine: AsyncImageEngine,
    rows: list[Vector],
    fetch: Callable[[str], Awaitable[bytes]],
    clock: Callable[[], float],
) -> list[dict[str, Any]]:
    """Every row through `engine`: the problems found plus the output (base64) for pixel checks."""
    results: list[dict[str, Any]] = []
    for row in rows:
        data = await fetch(row.name)
        started = clock()
        outcome = await process_async(engine, data, row.role, row.role)
        elapsed = clock() - started
        image = outcome.image
        results.append({
            "name": row.name,
            "problems": check(row, outcome),
            "action": outcome.decision.action,
            "codes": [f.code for f in outcome.decision.findings],
            "ms": round(elapsed, 1),
            "image": None if image is None else {
                "format": image.format, "width": image.width, "height": image.height,
                "bytes": image.bytes, "data": base64.b64encode(image.data).decode("ascii"),
            },
        })
    return results


def rows_from_json(text: str) -> list[Vector]:
    """The rows named in a JSON list (all rows for an empty list)."""
    names = json.loads(text)
    return [vector(name) for name in names] if names else list(VECTORS)
