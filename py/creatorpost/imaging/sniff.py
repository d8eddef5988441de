"""Read format, dimensions, orientation and a few flags from an image's first bytes.

No pixel is decoded, so a too-small picture or a decompression bomb is refused at once, in the
browser and on the endpoint alike. Pure Python: runs under Pyodide without Pillow.

`sniff(data)` answers with ImageFacts. A file whose header a known format cannot parse comes
back with `broken=True`; anything that is not JPEG/PNG/GIF/WebP comes back with zero size and
its format named ("svg", "heic", "text", "unknown", ...) so the policy can refuse it by code.
If only a prefix of the file is given (`complete=False`) and the header runs past it,
NeedMoreData is raised: read more and sniff again.
"""

from __future__ import annotations

from dataclasses import replace

from creatorpost.imaging.exif import exif_orientation
from creatorpost.imaging.facts import ImageFacts

# How much of a file a caller should read first; enough for almost every camera's header.
PREFIX_BYTES = 512 * 1024

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers (baseline, progressive, lossless, arithmetic); not DHT/JPG/DAC.
_JPEG_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD9)})
_PNG_METADATA = frozenset({b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"})
_ISO_BRANDS = {b"heic": "heic", b"heix": "heic", b"mif1": "heic", b"msf1": "heic", b"avif": "avif"}


class NeedMoreData(Exception):
    """The header continues past the bytes given; sniff a longer prefix (or the whole file)."""


def sniff(data: bytes, *, complete: bool = True, total_bytes: int | None = None) -> ImageFacts:
    size = len(data) if total_bytes is None else total_bytes
    if data.startswith(b"\xff\xd8"):
        facts = _jpeg(data, complete)
    elif data.startswith(_PNG_SIGNATURE):
        facts = _png(data, complete)
    elif data[:6] in (b"GIF87a", b"GIF89a"):
        facts = _gif(data, complete)
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        facts = _webp(data, complete)
    else:
        facts = ImageFacts(format=_other_format(data), width=0, height=0, bytes=0)
    return replace(facts, bytes=size)


def _other_format(data: bytes) -> str:
    if data[4:8] == b"ftyp" and data[8:12] in _ISO_BRANDS:
        return _ISO_BRANDS[data[8:12]]
    if data[:2] == b"BM":
        return "bmp"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") and b"<svg" in head.lower():
        return "svg"
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
            return "text"
        except UnicodeDecodeError:
            # A multi-byte character cut at the 4096th byte is still text.
            if len(head) == 4096 and _decodes_but_tail(head):
                return "text"
    return "unknown"


def _decodes_but_tail(head: bytes) -> bool:
    for cut in range(1, 4):
        try:
            head[:-cut].decode("utf-8")
            return True
        except UnicodeDecodeError:
            continue
    return False


def _broken(fmt: str) -> ImageFacts:
    return ImageFacts(format=fmt, width=0, height=0, bytes=0, broken=True)


def _short_or_broken(fmt: str, complete: bool) -> ImageFacts:
    if not complete:
        raise NeedMoreData(fmt)
    return _broken(fmt)


def _jpeg(data: bytes, complete: bool) -> ImageFacts:
    pos = 2
    orientation = 1
    metadata = False
    while True:
        # Markers may be preceded by any number of 0xFF fill bytes.
        while pos < len(data) and data[pos] == 0xFF:
            pos += 1
        if pos >= len(data):
            return _short_or_broken("jpeg", complete)
        marker = data[pos]
        pos += 1
        if marker in _JPEG_STANDALONE:
            continue
        if marker in (0xD9, 0xDA) or pos + 2 > len(data):
            # End of image or scan data before any frame header: nothing to show.
            return _short_or_broken("jpeg", complete) if pos + 2 > len(data) else _broken("jpeg")
        length = int.from_bytes(data[pos:pos + 2], "big")
        if length < 2:
            return _broken("jpeg")
        segment = data[pos + 2:pos + length]
        if len(segment) < length - 2:
            return _short_or_broken("jpeg", complete)
        if marker in _JPEG_SOF:
            if len(segment) < 6:
                return _broken("jpeg")
            height = int.from_bytes(segment[1:3], "big")
            width = int.from_bytes(segment[3:5], "big")
            if width == 0 or height == 0 or (complete and _jpeg_truncated(data, pos + length)):
                return _broken("jpeg")
            return ImageFacts(
                format="jpeg", width=width, height=height, bytes=0, orientation=orientation,
                has_metadata=metadata, cmyk=segment[5] == 4, bit_depth=segment[0],
            )
        if marker == 0xE1:
            metadata = True
            if segment.startswith(b"Exif\x00\x00"):
                orientation = exif_orientation(segment)
        elif marker in (0xED, 0xFE) or 0xE3 <= marker <= 0xEF and marker != 0xEE:
            # APP13 (IPTC/Photoshop), COM and vendor APP segments may carry names and places.
            metadata = True
        pos += length


def _jpeg_truncated(data: bytes, pos: int) -> bool:
    """True when the file ends before its image data does (no end-of-image after the first scan).

    Inside scan data every 0xFF is stuffed, so an FF D9 after the first start-of-scan is the
    end-of-image marker; cameras may append data after it (motion photos), which is fine.
    """
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return True
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker in _JPEG_STANDALONE:
            pos += 2
            continue
        if marker == 0xDA:
            return data.rfind(b"\xff\xd9") < pos
        pos += 2 + int.from_bytes(data[pos + 2:pos + 4], "big")
    return True


def _png(data: bytes, complete: bool) -> ImageFacts:
    pos = len(_PNG_SIGNATURE)
    if len(data) < pos + 8 + 13 or data[pos + 4:pos + 8] != b"IHDR":
        return _short_or_broken("png", complete) if len(data) < pos + 25 else _broken("png")
    ihdr = data[pos + 8:pos + 21]
    width = int.from_bytes(ihdr[0:4], "big")
    height = int.from_bytes(ihdr[4:8], "big")
    color_type = ihdr[9]
    if width == 0 or height == 0 or color_type not in (0, 2, 3, 4, 6):
        return _broken("png")
    has_alpha = color_type in (4, 6)
    animated, frames, metadata, orientation = False, 1, False, 1
    pos += 8 + 13 + 4
    while True:
        if pos + 8 > len(data):
            if complete:
                return _broken("png")
            raise NeedMoreData("png")
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        if kind in (b"IDAT", b"IEND"):
            if complete and data.rfind(b"IEND\xaeB`\x82") < pos:
                return _broken("png")
            break
        body = data[pos + 8:pos + 8 + length]
        if len(body) < length:
            return _short_or_broken("png", complete)
        if kind == b"tRNS":
            has_alpha = True
        elif kind == b"acTL" and length >= 8:
            frames = int.from_bytes(body[0:4], "big")
            animated = frames > 1
        elif kind in _PNG_METADATA:
            metadata = True
            if kind == b"eXIf":
                orientation = exif_orientation(body)
        pos += 12 + length
    return ImageFacts(
        format="png", width=width, height=height, bytes=0, orientation=orientation,
        has_alpha=has_alpha, animated=animated, frames=max(frames, 1),
        palette=color_type == 3, has_metadata=metadata, bit_depth=ihdr[8],
    )


def _gif(data: bytes, complete: bool) -> ImageFacts:
    if len(data) < 13:
        return _short_or_broken("gif", complete)
    width = int.from_bytes(data[6:8], "little")
    height = int.from_bytes(data[8:10], "little")
    if width == 0 or height == 0:
        return _broken("gif")
    flags = data[10]
    pos = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    frames, transparent, metadata = 0, False, False
    # Walk the blocks to count frames; a file cut short keeps what was counted so far.
    ended = False
    while pos < len(data):
        block = data[pos]
        if block == 0x3B:
            ended = True
            break
        if block == 0x21 and pos + 1 < len(data):
            label = data[pos + 1]
            if label == 0xF9 and pos + 3 < len(data) and data[pos + 3] & 1:
                transparent = True
            elif label in (0xFE, 0xFF):
                metadata = metadata or label == 0xFE
            pos = _skip_sub_blocks(data, pos + 2)
        elif block == 0x2C and pos + 10 <= len(data):
            frames += 1
            local = data[pos + 9]
            pos += 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0)
            pos = _skip_sub_blocks(data, pos + 1)  # after the LZW minimum code size
        else:
            break
    if complete and (not ended or frames == 0):
        return _broken("gif")
    return ImageFacts(
        format="gif", width=width, height=height, bytes=0, has_alpha=transparent,
        animated=frames > 1, frames=max(frames, 1), palette=True, has_metadata=metadata,
    )


def _skip_sub_blocks(data: bytes, pos: int) -> int:
    while pos < len(data):
        size = data[pos]
        pos += 1 + size
        if size == 0:
            break
    return pos


def _webp(data: bytes, complete: bool) -> ImageFacts:
    if len(data) < 30:
        return _short_or_broken("webp", complete)
    if complete and int.from_bytes(data[4:8], "little") + 8 > len(data):
        return _broken("webp")
    kind = data[12:16]
    body = data[20:]
    if kind == b"VP8 ":
        if body[3:6] != b"\x9d\x01\x2a":
            return _broken("webp")
        width = int.from_bytes(body[6:8], "little") & 0x3FFF
        height = int.from_bytes(body[8:10], "little") & 0x3FFF
        return _sized_webp(width, height)
    if kind == b"VP8L":
        if body[0] != 0x2F:
            return _broken("webp")
        bits = int.from_bytes(body[1:5], "little")
        return _sized_webp((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, has_alpha=bool(bits >> 28 & 1))
    if kind != b"VP8X":
        return _broken("webp")
    flags = body[0]
    width = int.from_bytes(body[4:7], "little") + 1
    height = int.from_bytes(body[7:10], "little") + 1
    frames, orientation, metadata = 0, 1, bool(flags & 0x0C)
    pos = 12 + 8 + int.from_bytes(data[16:20], "little")
    while pos + 8 <= len(data):
        chunk = data[pos:pos + 4]
        length = int.from_bytes(data[pos + 4:pos + 8], "little")
        if chunk == b"ANMF":
            frames += 1
        elif chunk == b"EXIF":
            orientation = exif_orientation(data[pos + 8:pos + 8 + length])
        pos += 8 + length + (length & 1)
    return ImageFacts(
        format="webp", width=width, height=height, bytes=0, orientation=orientation,
        has_alpha=bool(flags & 0x10), animated=bool(flags & 0x02) and frames != 1,
        frames=max(frames, 1), has_metadata=metadata,
    )


def _sized_webp(width: int, height: int, *, has_alpha: bool = False) -> ImageFacts:
    if width == 0 or height == 0:
        return _broken("webp")
    return ImageFacts(format="webp", width=width, height=height, bytes=0, has_alpha=has_alpha)
