"""WebP: the RIFF container rebuilt with the picture's chunks only.

Simple files (one VP8 or VP8L chunk) keep that chunk. Extended files (VP8X) keep VP8X, ICCP,
ANIM, ANMF, ALPH, VP8 and VP8L; EXIF, XMP and unknown chunks go and the VP8X flags are set to
match (no EXIF, no XMP, ICC only when its chunk stays). Bytes after the RIFF size are dropped.
"""

from __future__ import annotations

from creatorpost.imaging.strip.errors import StripError

_IMAGE = frozenset({b"VP8 ", b"VP8L"})
_EXTENDED_KEEP = frozenset({b"VP8X", b"ICCP", b"ANIM", b"ANMF", b"ALPH", b"VP8 ", b"VP8L"})
_FLAG_ICC, _FLAG_EXIF, _FLAG_XMP = 0x20, 0x08, 0x04


def strip_webp(data: bytes) -> bytes:
    if len(data) < 20 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise StripError("not a WebP")
    end = 8 + int.from_bytes(data[4:8], "little")
    if end > len(data):
        raise StripError("WebP shorter than its RIFF size")
    chunks = list(_chunks(data, 12, end))
    if not chunks:
        raise StripError("WebP without chunks")
    first = chunks[0][0]
    if first in _IMAGE:
        return _riff([chunks[0]])
    if first != b"VP8X":
        raise StripError("WebP without an image chunk")
    kept = [(kind, body) for kind, body in chunks if kind in _EXTENDED_KEEP]
    if not any(kind in _IMAGE or kind == b"ANMF" for kind, _ in kept):
        raise StripError("WebP without image data")
    header = kept[0][1]
    if len(header) < 10:
        raise StripError("WebP VP8X chunk too short")
    flags = header[0] & ~(_FLAG_EXIF | _FLAG_XMP | _FLAG_ICC)
    if any(kind == b"ICCP" for kind, _ in kept):
        flags |= _FLAG_ICC
    kept[0] = (b"VP8X", bytes((flags,)) + header[1:])
    return _riff(kept)


def _chunks(data: bytes, pos: int, end: int) -> list[tuple[bytes, bytes]]:
    found = []
    while pos + 8 <= end:
        kind = data[pos:pos + 4]
        length = int.from_bytes(data[pos + 4:pos + 8], "little")
        body_end = pos + 8 + length
        if body_end > end:
            raise StripError("WebP chunk runs past the end")
        found.append((kind, data[pos + 8:body_end]))
        pos = body_end + (length & 1)
    return found


def _riff(chunks: list[tuple[bytes, bytes]]) -> bytes:
    body = bytearray(b"WEBP")
    for kind, payload in chunks:
        body += kind + len(payload).to_bytes(4, "little") + payload + (b"\x00" if len(payload) & 1 else b"")
    return b"RIFF" + len(body).to_bytes(4, "little") + bytes(body)
