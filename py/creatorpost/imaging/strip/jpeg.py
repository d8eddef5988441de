"""JPEG: the primary image's decoding segments, from its start-of-image to its end-of-image.

Kept: frame headers, tables (quantisation, Huffman, arithmetic, restart interval), the scans with
their entropy-coded data, and before the first scan the JFIF header (without its thumbnail), the
ICC profile and the Adobe colour-transform segment (its 12 defined bytes). Dropped wherever they
stand, between progressive scans too: every other APPn (EXIF, XMP, MPF, IPTC, vendor blocks),
comments, unknown markers; and everything after the end-of-image marker (the second picture of a
multi-picture or gain-map file with its own EXIF, trailing documents).
"""

from __future__ import annotations

import re

from creatorpost.imaging.strip.errors import StripError

_SOI, _EOI, _SOS = 0xD8, 0xD9, 0xDA
_APP0, _APP2, _APP14 = 0xE0, 0xE2, 0xEE
# Start-of-frame markers: every SOFn but DHT (C4), JPG (C8) and DAC (CC).
_FRAMES = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
# DHT, DAC, DQT, DNL, DRI, DHP, EXP: tables and parameters the decoder reads, before or between scans.
_TABLES = frozenset({0xC4, 0xCC, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF})
# TEM and RST0-7 carry no data; outside entropy-coded data they mean nothing and are dropped.
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
# Inside entropy-coded data a 0xFF is followed by 0x00 (a stuffed byte) or a restart marker;
# anything else is the marker that ends the scan (0xFF fill bytes may precede it).
_SCAN_END = re.compile(rb"\xff[^\x00\xd0-\xd7]")
_JFIF = b"JFIF\x00"
_JFIF_FIELDS = 12  # identifier, version, units, x and y density; then the thumbnail, not kept
_ICC = b"ICC_PROFILE\x00"
_ADOBE = b"Adobe"
_ADOBE_FIELDS = 12  # identifier, version, flags0, flags1, colour transform


def strip_jpeg(data: bytes) -> bytes:
    if not data.startswith(b"\xff\xd8"):
        raise StripError("not a JPEG")
    out = bytearray(b"\xff\xd8")
    pos = 2
    framed = scanned = jfif = adobe = False
    while True:
        marker, pos = _marker(data, pos)
        if marker == _EOI:
            if not scanned:
                raise StripError("JPEG without image data")
            out += b"\xff\xd9"
            return bytes(out)  # what follows (a second picture, trailing bytes) is not this picture
        if marker in _STANDALONE:
            continue
        if marker == _SOI:
            raise StripError("JPEG starts again before its picture ended")
        end = _segment_end(data, pos)
        body = data[pos + 2:end]
        if marker == _SOS:
            if not framed:
                raise StripError("JPEG scan before its frame header")
            scan_end = _scan_end(data, end)
            out += b"\xff\xda" + data[pos:scan_end]
            scanned = True
            pos = scan_end
            continue
        if marker in _FRAMES or marker in _TABLES:
            framed = framed or marker in _FRAMES
            out += bytes((0xFF, marker)) + data[pos:end]
        elif scanned:
            pass  # between scans only tables count; APPn and comments there are never needed
        elif marker == _APP0 and not jfif and body.startswith(_JFIF) and len(body) >= _JFIF_FIELDS:
            jfif = True
            out += _segment(_APP0, body[:_JFIF_FIELDS] + b"\x00\x00")
        elif marker == _APP2 and body.startswith(_ICC):
            out += bytes((0xFF, marker)) + data[pos:end]
        elif marker == _APP14 and not adobe and body.startswith(_ADOBE) and len(body) >= _ADOBE_FIELDS:
            adobe = True
            out += _segment(_APP14, body[:_ADOBE_FIELDS])
        pos = end


def _marker(data: bytes, pos: int) -> tuple[int, int]:
    """The marker at pos (after any 0xFF fill bytes) and the position just after it."""
    if pos >= len(data) or data[pos] != 0xFF:
        raise StripError("JPEG marker expected")
    while pos < len(data) and data[pos] == 0xFF:
        pos += 1
    if pos >= len(data) or data[pos] == 0x00:
        raise StripError("JPEG ends inside a marker")
    return data[pos], pos + 1


def _segment_end(data: bytes, pos: int) -> int:
    length = int.from_bytes(data[pos:pos + 2], "big")
    end = pos + length
    if length < 2 or end > len(data):
        raise StripError("JPEG segment runs past the end")
    return end


def _scan_end(data: bytes, pos: int) -> int:
    found = _SCAN_END.search(data, pos)
    if found is None:
        raise StripError("JPEG ends inside its image data")
    return found.start()


def _segment(marker: int, body: bytes) -> bytes:
    return bytes((0xFF, marker)) + (len(body) + 2).to_bytes(2, "big") + body
