"""What an engine reports about an image, what the policy decides, and what an engine produces.

Plain frozen dataclasses so the policy stays pure Python and runs the same in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from creatorpost.findings import Finding

Role = Literal["banner", "image"]
Action = Literal["reject", "keep", "transform"]

# Formats a header sniff can name. Only some of them are accepted (see assets/rules/media.toml).
KNOWN_FORMATS = ("jpeg", "png", "gif", "webp", "svg", "heic", "bmp", "tiff", "text", "unknown")

# EXIF orientations 5..8 store the picture turned a quarter: width and height swap when shown.
_QUARTER_TURNS = frozenset({5, 6, 7, 8})


@dataclass(frozen=True)
class ImageFacts:
    """An image as stored in the file: dimensions before orientation is applied."""

    format: str
    width: int
    height: int
    bytes: int
    orientation: int = 1
    has_alpha: bool = False
    animated: bool = False
    frames: int = 1
    palette: bool = False
    cmyk: bool = False
    bit_depth: int = 8
    # Few distinct colours (logo, screenshot, drawing): None until an engine looked at pixels.
    flat: bool | None = None
    # True when the file carries metadata a creator may not want to publish (EXIF, GPS, XMP, text).
    has_metadata: bool = False
    # The file claims a known format but its header (or, after decoding, its data) is damaged.
    broken: bool = False

    @property
    def pixel_count(self) -> int:
        return self.width * self.height

    @property
    def upright_width(self) -> int:
        return self.height if self.orientation in _QUARTER_TURNS else self.width

    @property
    def upright_height(self) -> int:
        return self.width if self.orientation in _QUARTER_TURNS else self.height


@dataclass(frozen=True)
class Plan:
    """What to produce: upright target size, output format and the quality range to search."""

    width: int
    height: int
    format: str
    orientation: int
    quality: int
    min_quality: int
    max_bytes: int | None
    # When a PNG turns out over budget, the engine may fall back to this format (flattening alpha).
    fallback_format: str | None = None
    # Alpha is painted over this colour when the output cannot carry transparency.
    matte: tuple[int, int, int] = (255, 255, 255)


@dataclass(frozen=True)
class Decision:
    action: Action
    findings: tuple[Finding, ...] = ()
    plan: Plan | None = None

    @property
    def rejected(self) -> bool:
        return self.action == "reject"

    @property
    def error(self) -> Finding | None:
        return next((f for f in self.findings if f.severity == "error"), None)


@dataclass(frozen=True)
class EncodedImage:
    data: bytes
    format: str
    width: int
    height: int

    @property
    def bytes(self) -> int:
        return len(self.data)


class ImageRejected(Exception):
    """Raised by sniffing and engines when a file cannot be used; carries the coded finding."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.code)
        self.finding = finding
