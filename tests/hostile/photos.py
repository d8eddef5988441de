"""Hostile photos: a clean picture with private data put wherever a strip could miss it.

`hostile_photos(count, seed)` makes `count` files, the same ones for the same seed. Each starts
from one of a few clean pictures (JPEG baseline, progressive, with restart markers, grey, with an
ICC profile, turned by EXIF, too large; PNG with alpha, palette, several IDAT chunks, too large;
WebP; GIF) and gets one to six payloads at random places of its structure, and maybe something
after its end. Every payload carries a unique `PRIVATE-` token (tests.hostile.leaks.TOKEN), so a
test names what survived. Payloads are what phones, editors and attackers write: EXIF with GPS
position and serial numbers, XMP with GPS, IPTC, comments, MPF, vendor APPn blocks, JFIF/JFXX
thumbnails, an over-long Adobe segment, PNG tEXt/zTXt/iTXt/eXIf/tIME/private chunks, WebP
EXIF/XMP/unknown chunks, GIF comments and XMP; after the end: a second JPEG with its own GPS EXIF
(the multi-picture / gain-map layout), an HTML document with a script, a ZIP header, another
end-of-image marker. Each file also carries the clean picture it came from, to compare decodes.
"""

from __future__ import annotations

import io
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from PIL import ExifTags, Image, ImageCms

from tests.hostile.leaks import TOKEN
from tests.vectors.images.generate import flat, photo

Role = str


@dataclass(frozen=True)
class HostilePhoto:
    name: str
    data: bytes
    clean: bytes  # the same picture with nothing added
    role: Role
    payloads: tuple[str, ...]  # what was added, in words (for failure messages)


@dataclass(frozen=True)
class _Base:
    name: str
    format: str
    data: bytes
    orientation: int = 1
    role: Role = "image"


# -- the clean pictures ------------------------------------------------------------------------

def _save(im: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    im.save(buffer, fmt, **options)
    return buffer.getvalue()


def _exif(orientation: int, token: bytes | None = None) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    if token is not None:
        text = token.decode()
        exif[ExifTags.Base.Make] = "PhoneMaker"
        exif[ExifTags.Base.Model] = text
        exif[ExifTags.Base.ImageDescription] = text
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps[ExifTags.GPS.GPSLatitudeRef] = "N"
        gps[ExifTags.GPS.GPSLatitude] = (52.0, 22.0, 31.0)
        gps[ExifTags.GPS.GPSLongitudeRef] = "E"
        gps[ExifTags.GPS.GPSLongitude] = (4.0, 53.0, 12.0)
        gps[ExifTags.GPS.GPSAreaInformation] = b"ASCII\x00\x00\x00" + token
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = text
    return exif.tobytes()


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")


def _split_idat(png: bytes, parts: int) -> bytes:
    """The same PNG with its image data in `parts` IDAT chunks (as large encoders write it)."""
    chunks = _png_chunks(png)
    idat = b"".join(body for kind, body in chunks if kind == b"IDAT")
    step = len(idat) // parts + 1
    out = bytearray(png[:8])
    for kind, body in chunks:
        if kind != b"IDAT":
            out += _png_chunk(kind, body)
        elif idat:
            out += b"".join(_png_chunk(b"IDAT", idat[at:at + step]) for at in range(0, len(idat), step))
            idat = b""
    return bytes(out)


def _png_chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    chunks, pos = [], 8
    while pos + 12 <= len(png):
        length = int.from_bytes(png[pos:pos + 4], "big")
        chunks.append((png[pos + 4:pos + 8], png[pos + 8:pos + 8 + length]))
        pos += 12 + length
    return chunks


def _alpha_photo(width: int, height: int) -> Image.Image:
    im = photo(width, height, noise=3.0).convert("RGBA")
    im.putalpha(Image.linear_gradient("L").rotate(90).resize(im.size))
    return im


@cache
def bases() -> tuple[_Base, ...]:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    upright = photo(900, 1200)
    return (
        _Base("jpeg-baseline", "jpeg", _save(photo(800, 600), "JPEG", quality=90)),
        _Base("jpeg-progressive", "jpeg", _save(photo(900, 700), "JPEG", quality=88, progressive=True)),
        _Base("jpeg-restarts", "jpeg", _save(photo(820, 620), "JPEG", quality=85, restart_marker_blocks=4)),
        _Base("jpeg-grey", "jpeg", _save(photo(800, 600).convert("L"), "JPEG", quality=90)),
        _Base("jpeg-icc", "jpeg", _save(photo(800, 600), "JPEG", quality=90, icc_profile=srgb)),
        _Base("jpeg-banner", "jpeg", _save(photo(1500, 700), "JPEG", quality=90, progressive=True), role="banner"),
        _Base("jpeg-turned", "jpeg", _save(upright.transpose(Image.Transpose.ROTATE_90), "JPEG", quality=90,
                                          exif=_exif(6)), orientation=6),
        _Base("jpeg-large", "jpeg", _save(photo(2400, 1500), "JPEG", quality=90)),
        _Base("png-alpha", "png", _save(_alpha_photo(800, 600), "PNG")),
        _Base("png-palette", "png", _save(flat(800, 600).convert("P", palette=Image.Palette.ADAPTIVE, colors=16), "PNG")),
        _Base("png-idats", "png", _split_idat(_save(_alpha_photo(780, 500), "PNG", icc_profile=srgb), 4)),
        _Base("png-large", "png", _save(flat(2100, 1300).convert("RGBA"), "PNG")),
        _Base("webp-lossy", "webp", _save(photo(800, 600), "WEBP", quality=80)),
        _Base("webp-alpha", "webp", _save(_alpha_photo(800, 600), "WEBP", lossless=True)),
    )


# -- payloads ------------------------------------------------------------------------------------

def _jpeg_segment(marker: int, body: bytes) -> bytes:
    return bytes((0xFF, marker)) + (len(body) + 2).to_bytes(2, "big") + body


def _xmp_packet(token: bytes) -> bytes:
    return (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="52,22.5N" '
            b'exif:GPSLongitude="4,53.2E" exif:BodySerialNumber="' + token + b'"/></rdf:RDF></x:xmpmeta>')


def _jpeg_payloads(base: _Base) -> dict[str, Callable[[bytes], bytes]]:
    adobe_transform = 0 if base.name == "jpeg-grey" else 1
    return {
        "EXIF with GPS": lambda t: _jpeg_segment(0xE1, _exif(base.orientation, t)),
        "XMP with GPS": lambda t: _jpeg_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + _xmp_packet(t)),
        "comment": lambda t: _jpeg_segment(0xFE, b"shot at home " + t),
        "IPTC": lambda t: _jpeg_segment(0xED, b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x20\x1c\x02\x78"
                                        + len(t).to_bytes(2, "big") + t),
        "MPF": lambda t: _jpeg_segment(0xE2, b"MPF\x00MM\x00*\x00\x00\x00\x08" + t),
        "APP3": lambda t: _jpeg_segment(0xE3, b"META\x00" + t),
        "APP11 JPEG-XT": lambda t: _jpeg_segment(0xEB, b"JP\x00\x01" + t),
        "APP12 Ducky": lambda t: _jpeg_segment(0xEC, b"Ducky\x00" + t),
        "APP15": lambda t: _jpeg_segment(0xEF, t),
        "APP14 not Adobe": lambda t: _jpeg_segment(0xEE, b"Vendor" + t),
        "Adobe with extra bytes": lambda t: _jpeg_segment(
            0xEE, b"Adobe\x00\x64\x00\x00\x00\x00" + bytes((adobe_transform,)) + t),
        "JFIF thumbnail": lambda t: _jpeg_segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x02\x02"
                                                  + (t + bytes(12))[:12]),
        "JFXX thumbnail": lambda t: _jpeg_segment(0xE0, b"JFXX\x00\x10\xff\xd8" + t + b"\xff\xd9"),
        "fill bytes then comment": lambda t: b"\xff\xff\xff" + _jpeg_segment(0xFE, t),
    }


def _second_jpeg(token: bytes) -> bytes:
    """A small picture with its own GPS EXIF, as phones append a gain map or a depth map."""
    return _save(photo(320, 240), "JPEG", quality=70, exif=_exif(1, token))


_TAILS: dict[str, Callable[[bytes], bytes]] = {
    "second JPEG with GPS EXIF": _second_jpeg,
    "HTML with a script": lambda t: b"<!doctype html><html><body><script>alert('" + t + b"')</script></body></html>",
    "ZIP header": lambda t: b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + t,
    "another end marker": lambda t: b"\xff\xd9" + t + b"\xff\xd9",
    "zeros": lambda t: bytes(64) + t,
}


def _png_payloads() -> dict[str, Callable[[bytes], bytes]]:
    return {
        "tEXt": lambda t: _png_chunk(b"tEXt", b"Location\x0052.37N 4.89E " + t),
        "zTXt": lambda t: _png_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(t)),
        "iTXt XMP": lambda t: _png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + _xmp_packet(t)),
        "eXIf with GPS": lambda t: _png_chunk(b"eXIf", _exif(1, t)[6:]),
        "tIME": lambda _t: _png_chunk(b"tIME", b"\x07\xe8\x05\x11\x0c\x22\x38"),
        "private chunk": lambda t: _png_chunk(b"prVt", t),
        "content credentials": lambda t: _png_chunk(b"caBX", b"jumb" + t),
    }


def _webp_payloads() -> dict[str, Callable[[bytes], bytes]]:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return kind + len(body).to_bytes(4, "little") + body + (b"\x00" if len(body) & 1 else b"")

    return {
        "EXIF with GPS": lambda t: chunk(b"EXIF", _exif(1, t)),
        "XMP": lambda t: chunk(b"XMP ", _xmp_packet(t)),
        "unknown chunk": lambda t: chunk(b"ZZZZ", t),
    }


def _gif_payloads() -> dict[str, Callable[[bytes], bytes]]:
    def sub_blocks(data: bytes) -> bytes:
        return b"".join(bytes((len(data[i:i + 255]),)) + data[i:i + 255] for i in range(0, len(data), 255)) + b"\x00"

    return {
        "comment": lambda t: b"\x21\xfe" + sub_blocks(b"shot at home " + t),
        "XMP": lambda t: b"\x21\xff\x0bXMP DataXMP" + sub_blocks(_xmp_packet(t)),
    }


# -- where payloads go ---------------------------------------------------------------------------

def _jpeg_slots(data: bytes) -> list[int]:
    """Byte offsets where a whole segment may be inserted: after SOI, before every later marker
    up to and including the end-of-image marker (so between progressive scans too)."""
    slots, pos = [2], 2
    while pos < len(data):
        while data[pos] == 0xFF and data[pos + 1] == 0xFF:
            pos += 1
        marker = data[pos + 1]
        if marker == 0xD9:
            slots.append(pos)
            return slots
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        pos += 2 + length
        if marker == 0xDA:
            while not (data[pos] == 0xFF and data[pos + 1] not in (0x00, *range(0xD0, 0xD8))):
                pos += 1
        slots.append(pos)
    raise ValueError("clean JPEG without an end")


def _png_slots(data: bytes) -> list[int]:
    """After IHDR, before and after the image data, before IEND (never between IDAT chunks)."""
    slots, pos, previous = [], 8, b""
    while pos + 12 <= len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        if not (kind == b"IDAT" and previous == b"IDAT"):
            slots.append(pos)
        previous = kind
        pos += 12 + length
    return slots[1:]  # never before IHDR


def _webp_slots(data: bytes) -> list[int]:
    slots, pos = [], 12
    end = 8 + int.from_bytes(data[4:8], "little")
    while pos + 8 <= end:
        length = int.from_bytes(data[pos + 4:pos + 8], "little")
        pos += 8 + length + (length & 1)
        slots.append(pos)
    return slots


def _gif_slots(data: bytes) -> list[int]:
    """After the global colour table (where extensions may stand) and before the trailer."""
    table = 3 << ((data[10] & 7) + 1) if data[10] & 0x80 else 0
    return [13 + table, len(data) - 1]


def _insert(data: bytes, inserts: list[tuple[int, bytes]]) -> bytes:
    out, last = bytearray(), 0
    for at, blob in sorted(inserts, key=lambda item: item[0]):
        out += data[last:at] + blob
        last = at
    return bytes(out + data[last:])


def _webp_extended(data: bytes) -> bytes:
    """A simple-format WebP turned into the extended format, so EXIF/XMP chunks are legal in it."""
    if data[12:16] == b"VP8X":
        return data
    with Image.open(io.BytesIO(data)) as im:
        width, height, alpha = im.width, im.height, im.mode == "RGBA"
    header = bytes((0x10 if alpha else 0, 0, 0, 0)) + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    body = b"WEBP" + b"VP8X" + (10).to_bytes(4, "little") + header + data[12:]
    return b"RIFF" + len(body).to_bytes(4, "little") + body


def _build(base: _Base, rng: random.Random, serial: int) -> HostilePhoto:
    clean = _webp_extended(base.data) if base.format == "webp" else base.data
    payloads = {"jpeg": lambda: _jpeg_payloads(base), "png": _png_payloads, "webp": _webp_payloads,
                "gif": _gif_payloads}[base.format]()
    slots = {"jpeg": _jpeg_slots, "png": _png_slots, "webp": _webp_slots, "gif": _gif_slots}[base.format](clean)
    chosen = rng.sample(sorted(payloads), k=min(len(payloads), rng.randint(1, 6)))
    inserts, said = [], []
    for index, kind in enumerate(chosen):
        token = TOKEN + f"{serial:04d}-{index}-".encode() + kind.replace(" ", "_").encode()
        slot = rng.randrange(len(slots))
        inserts.append((slots[slot], payloads[kind](token)))
        said.append(f"{kind} @slot{slot}")
    data = _insert(clean, inserts)
    if base.format == "webp":
        data = data[:4] + (len(data) - 8).to_bytes(4, "little") + data[8:]
    for index in range(rng.choice((0, 0, 1, 2))):
        kind = rng.choice(sorted(_TAILS))
        data += _TAILS[kind](TOKEN + f"{serial:04d}-tail{index}".encode())
        said.append(f"after the end: {kind}")
    name = f"{serial:04d}-{base.name}.{ {'jpeg': 'jpg'}.get(base.format, base.format) }"
    return HostilePhoto(name=name, data=data, clean=clean, role=base.role, payloads=tuple(said))


def hostile_photos(count: int, seed: int = 10, formats: tuple[str, ...] = ("jpeg", "png", "webp", "gif")) -> list[HostilePhoto]:
    """`count` hostile files over the clean pictures of `formats`, every picture in turn."""
    rng = random.Random(seed)
    pictures = [base for base in bases() if base.format in formats]
    return [_build(pictures[serial % len(pictures)], rng, serial) for serial in range(count)]
