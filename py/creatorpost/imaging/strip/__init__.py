"""Keep a photo's picture and nothing else, without touching its pixels.

Used when the policy keeps a file as it is (imaging.pipeline), on the device and on the endpoint
alike. Each format's file is rebuilt from a short list of what decoding needs, never copied
wholesale: whatever is not on the list goes, wherever it stands (camera EXIF with GPS position and
serial numbers, XMP, IPTC, comments, text chunks, vendor segments, a second picture appended after
the first, bytes after the end). What changes how the picture looks stays: the ICC colour profile,
JFIF density, Adobe colour transform, PNG gamma/colour/transparency chunks.

Orientation needs no tag: the policy keeps only files that are already upright (EXIF orientation
1 or none), so dropping the tag changes nothing on screen; turned photos are re-encoded upright.
"""

from __future__ import annotations

from creatorpost.imaging.strip.errors import StripError
from creatorpost.imaging.strip.jpeg import strip_jpeg
from creatorpost.imaging.strip.png import strip_png
from creatorpost.imaging.strip.webp import strip_webp

__all__ = ["StripError", "strip_metadata"]


def strip_metadata(data: bytes, fmt: str) -> bytes:
    """The file rebuilt with only its picture; StripError when its structure is not sound."""
    if fmt == "jpeg":
        return strip_jpeg(data)
    if fmt == "png":
        return strip_png(data)
    if fmt == "webp":
        return strip_webp(data)
    raise StripError(f"cannot strip {fmt} losslessly")
