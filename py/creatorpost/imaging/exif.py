"""Read the orientation tag from a TIFF-structured EXIF block, without any imaging library."""

from __future__ import annotations

_ORIENTATION_TAG = 0x0112
_SHORT = 3
_EXIF_PREFIX = b"Exif\x00\x00"


def exif_orientation(block: bytes) -> int:
    """The EXIF orientation (1..8) in `block`, 1 when absent or unreadable.

    `block` is the TIFF structure, optionally preceded by the "Exif\\0\\0" marker that JPEG
    APP1 segments and some WebP EXIF chunks carry.
    """
    tiff = block[len(_EXIF_PREFIX):] if block.startswith(_EXIF_PREFIX) else block
    if len(tiff) < 8:
        return 1
    if tiff[:2] == b"II":
        order = "little"
    elif tiff[:2] == b"MM":
        order = "big"
    else:
        return 1

    def num(at: int, size: int) -> int:
        return int.from_bytes(tiff[at:at + size], order)  # type: ignore[arg-type]

    if num(2, 2) != 42:
        return 1
    ifd = num(4, 4)
    if ifd + 2 > len(tiff):
        return 1
    for index in range(num(ifd, 2)):
        entry = ifd + 2 + 12 * index
        if entry + 12 > len(tiff):
            break
        if num(entry, 2) == _ORIENTATION_TAG and num(entry + 2, 2) == _SHORT:
            value = num(entry + 8, 2)
            return value if 1 <= value <= 8 else 1
    return 1
