"""What a stored or uploaded photo still carries besides its picture: written apart from the
stripper (imaging.strip) so that one mistake is not made twice.

`leaks(data)` lists, in words, every injected token (`TOKEN` prefix) that survived and every
structural place where metadata can live: APPn other than the JFIF header, ICC profile and Adobe
segment; comments; bytes after the end of the picture; PNG text, EXIF, time and unknown chunks;
WebP EXIF/XMP chunks and flags. An empty list means nothing but the picture is left.
"""

from __future__ import annotations

TOKEN = b"PRIVATE-"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_ALLOWED = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"cICP",
                b"mDCV", b"cLLI", b"sBIT", b"bKGD", b"pHYs"}
_WEBP_ALLOWED = {b"VP8X", b"ICCP", b"ANIM", b"ANMF", b"ALPH", b"VP8 ", b"VP8L"}


def leaks(data: bytes) -> list[str]:
    found = [f"token {data[at:at + 24]!r} at byte {at}" for at in _all(data, TOKEN)]
    if data.startswith(b"\xff\xd8"):
        found += _jpeg(data)
    elif data.startswith(_PNG_SIGNATURE):
        found += _png(data)
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        found += _webp(data)
    else:
        found.append(f"not a JPEG, PNG or WebP: {data[:8]!r}")
    return found


def _all(data: bytes, needle: bytes) -> list[int]:
    spots, at = [], data.find(needle)
    while at != -1:
        spots.append(at)
        at = data.find(needle, at + 1)
    return spots


def _jpeg(data: bytes) -> list[str]:
    """Walk byte by byte (no regular expression, unlike the stripper)."""
    found: list[str] = []
    pos, in_scan = 2, False
    while pos < len(data):
        if in_scan:
            if data[pos] != 0xFF:
                pos += 1
                continue
            following = data[pos + 1] if pos + 1 < len(data) else None
            if following == 0x00 or following is not None and 0xD0 <= following <= 0xD7:
                pos += 2
                continue
            in_scan = False
        if data[pos] != 0xFF:
            return found + [f"JPEG: stray byte {data[pos]:#04x} at {pos} where a marker belongs"]
        while pos < len(data) and data[pos] == 0xFF:
            pos += 1
        if pos >= len(data):
            return found + ["JPEG: ends inside a marker"]
        marker = data[pos]
        pos += 1
        if marker == 0xD9:
            if pos != len(data):
                found.append(f"JPEG: {len(data) - pos} bytes after the end of the picture")
            return found
        if marker in (0x01, *range(0xD0, 0xD8)):
            continue
        length = int.from_bytes(data[pos:pos + 2], "big")
        body = data[pos + 2:pos + length]
        problem = _jpeg_segment(marker, body)
        if problem:
            found.append(f"JPEG: {problem} at byte {pos - 2}")
        pos += length
        in_scan = marker == 0xDA
    return found + ["JPEG: no end-of-image marker"]


def _jpeg_segment(marker: int, body: bytes) -> str | None:
    if marker == 0xFE:
        return "comment"
    if marker == 0xE0:
        if not body.startswith(b"JFIF\x00"):
            return f"APP0 {body[:5]!r}"
        if len(body) > 14 or body[12:14] not in (b"", b"\x00\x00"):
            return "JFIF thumbnail"
        return None
    if marker == 0xE2:
        return None if body.startswith(b"ICC_PROFILE\x00") else f"APP2 {body[:8]!r}"
    if marker == 0xEE:
        return None if body.startswith(b"Adobe") and len(body) == 12 else f"APP14 of {len(body)} bytes"
    if 0xE0 <= marker <= 0xEF:
        return f"APP{marker - 0xE0} {body[:12]!r}"
    if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF,
                  0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF):
        return None
    return f"marker {marker:#04x}"


def _png(data: bytes) -> list[str]:
    found: list[str] = []
    pos = len(_PNG_SIGNATURE)
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        if kind not in _PNG_ALLOWED:
            found.append(f"PNG: {kind!r} chunk")
        pos += 12 + length
        if kind == b"IEND":
            if pos != len(data):
                found.append(f"PNG: {len(data) - pos} bytes after IEND")
            return found
    return found + ["PNG: no IEND"]


def _webp(data: bytes) -> list[str]:
    found: list[str] = []
    end = 8 + int.from_bytes(data[4:8], "little")
    if end != len(data):
        found.append(f"WebP: {len(data) - end} bytes outside the RIFF container")
    pos = 12
    while pos + 8 <= min(end, len(data)):
        kind = data[pos:pos + 4]
        length = int.from_bytes(data[pos + 4:pos + 8], "little")
        if kind not in _WEBP_ALLOWED:
            found.append(f"WebP: {kind!r} chunk")
        if kind == b"VP8X" and data[pos + 8] & 0x0C:
            found.append("WebP: VP8X says EXIF or XMP follows")
        pos += 8 + length + (length & 1)
    return found
