"""Remove private metadata from a JPEG or PNG without touching its pixels.

Used when the policy keeps a file as it is: camera EXIF (GPS position, device serial), XMP,
IPTC, comments and PNG text chunks go; what affects how the picture looks (JFIF, the ICC
colour profile, Adobe colour transform, PNG gamma/colour chunks, transparency) stays.
"""

from __future__ import annotations

from creatorpost.imaging.sniff import _JPEG_STANDALONE

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Ancillary PNG chunks that change how pixels look; every other ancillary chunk is dropped.
_PNG_KEEP_ANCILLARY = frozenset({
    b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"bKGD", b"pHYs", b"cICP",
    b"mDCV", b"cLLI", b"acTL", b"fcTL", b"fdAT",
})
_JPEG_APP0, _JPEG_APP2, _JPEG_APP14, _JPEG_SOS = 0xE0, 0xE2, 0xEE, 0xDA


class StripError(ValueError):
    """The file's structure is not what its header promised."""


def strip_metadata(data: bytes, fmt: str) -> bytes:
    if fmt == "jpeg":
        return _strip_jpeg(data)
    if fmt == "png":
        return _strip_png(data)
    raise StripError(f"cannot strip {fmt} losslessly")


def _keep_jpeg_segment(marker: int, body: bytes) -> bool:
    if 0xE0 <= marker <= 0xEF:
        return (
            (marker == _JPEG_APP0 and body.startswith((b"JFIF\x00", b"JFXX\x00")))
            or (marker == _JPEG_APP2 and body.startswith(b"ICC_PROFILE\x00"))
            or (marker == _JPEG_APP14 and body.startswith(b"Adobe"))
        )
    return marker != 0xFE  # comments go; tables, frame headers and the rest stay


def _strip_jpeg(data: bytes) -> bytes:
    if not data.startswith(b"\xff\xd8"):
        raise StripError("not a JPEG")
    out = bytearray(b"\xff\xd8")
    pos = 2
    while pos < len(data):
        if data[pos] != 0xFF:
            raise StripError("JPEG marker expected")
        while pos < len(data) and data[pos] == 0xFF:
            pos += 1
        if pos >= len(data):
            raise StripError("JPEG ends inside a marker")
        marker = data[pos]
        pos += 1
        if marker in _JPEG_STANDALONE:
            out += bytes((0xFF, marker))
            continue
        length = int.from_bytes(data[pos:pos + 2], "big")
        end = pos + length
        if length < 2 or end > len(data):
            raise StripError("JPEG segment runs past the end")
        if marker == _JPEG_SOS:
            # Entropy-coded data follows; copy the scan and everything after it unchanged.
            out += bytes((0xFF, marker)) + data[pos:]
            return bytes(out)
        if _keep_jpeg_segment(marker, data[pos + 2:end]):
            out += bytes((0xFF, marker)) + data[pos:end]
        pos = end
    raise StripError("JPEG without image data")


def _strip_png(data: bytes) -> bytes:
    if not data.startswith(_PNG_SIGNATURE):
        raise StripError("not a PNG")
    out = bytearray(_PNG_SIGNATURE)
    pos = len(_PNG_SIGNATURE)
    while pos + 12 <= len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise StripError("PNG chunk runs past the end")
        critical = kind[:1].isupper()
        if critical or kind in _PNG_KEEP_ANCILLARY:
            out += data[pos:end]
        pos = end
        if kind == b"IEND":
            return bytes(out)
    raise StripError("PNG without IEND")
