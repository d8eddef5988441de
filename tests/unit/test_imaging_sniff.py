"""Header sniffing and metadata stripping: pure Python, the same in the browser and on the endpoint."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import ExifTags, Image

from creatorpost.imaging.sniff import NeedMoreData, sniff
from creatorpost.imaging.strip import StripError, strip_metadata


def encode(im: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    im.save(buffer, fmt, **options)
    return buffer.getvalue()


def test_sizes_match_pillow_for_every_format() -> None:
    cases = {
        "jpeg": encode(Image.new("RGB", (801, 403), "red"), "JPEG"),
        "png": encode(Image.new("RGB", (802, 404)), "PNG"),
        "gif": encode(Image.new("P", (803, 405)), "GIF"),
        "webp": encode(Image.new("RGB", (804, 406)), "WEBP", quality=50),
    }
    lossless = encode(Image.new("RGBA", (805, 407), (0, 0, 0, 0)), "WEBP", lossless=True)
    for fmt, data in cases.items():
        facts = sniff(data)
        assert (facts.format, facts.bytes, facts.broken) == (fmt, len(data), False)
        with Image.open(io.BytesIO(data)) as im:
            assert (facts.width, facts.height) == im.size
    facts = sniff(lossless)
    assert (facts.format, facts.width, facts.height, facts.has_alpha) == ("webp", 805, 407, True)


@pytest.mark.parametrize("order", ["<", ">"])
def test_exif_orientation_in_either_byte_order(order: str) -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 8
    exif[ExifTags.Base.Make] = "Cam"
    exif.endian = order
    data = encode(Image.new("RGB", (40, 20)), "JPEG", exif=exif.tobytes())
    facts = sniff(data)
    assert (facts.orientation, facts.upright_width, facts.upright_height, facts.has_metadata) == (8, 20, 40, True)


def test_alpha_palette_and_depth_flags() -> None:
    assert sniff(encode(Image.new("RGBA", (9, 9)), "PNG")).has_alpha
    palette = Image.new("P", (9, 9))
    palette.info["transparency"] = 0
    facts = sniff(encode(palette, "PNG", transparency=0))
    assert (facts.palette, facts.has_alpha) == (True, True)
    assert sniff(encode(Image.new("I;16", (9, 9)), "PNG")).bit_depth == 16
    assert sniff(encode(Image.new("CMYK", (9, 9)), "JPEG")).cmyk


def test_a_prefix_asks_for_more_when_the_header_runs_past_it() -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.ImageDescription] = "x" * 30000  # a big APP1 before the frame header
    data = encode(Image.new("RGB", (900, 500)), "JPEG", exif=exif.tobytes())
    with pytest.raises(NeedMoreData):
        sniff(data[:2000], complete=False)
    facts = sniff(data[:40000], complete=False, total_bytes=len(data))
    assert (facts.width, facts.height, facts.bytes) == (900, 500, len(data))


def test_truncated_files_are_broken_in_every_format() -> None:
    noise = Image.merge("RGB", [Image.effect_noise((300, 200), 50)] * 3)
    for fmt in ("JPEG", "PNG", "GIF", "WEBP"):
        data = encode(noise if fmt != "GIF" else noise.convert("P"), fmt)
        assert sniff(data).broken is False, fmt
        assert sniff(data[: len(data) * 2 // 3]).broken is True, fmt


def test_jpeg_with_data_after_the_end_marker_is_fine() -> None:
    """Motion photos append a video after the picture."""
    data = encode(Image.new("RGB", (900, 500)), "JPEG") + b"\x00" * 5000 + b"ftypmp42"
    assert sniff(data).broken is False


@pytest.mark.parametrize(("data", "fmt"), [
    (b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>", "svg"),
    (b"\xef\xbb\xbf  <svg onload='alert(1)'></svg>", "svg"),
    (b"just some words\n", "text"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "heic"),
    (b"BM" + bytes(60), "bmp"),
    (b"\x00\x01\x02\x03\xff\xfe", "unknown"),
    (b"", "text"),
])
def test_what_is_not_a_photo_is_named(data: bytes, fmt: str) -> None:
    facts = sniff(data)
    assert (facts.format, facts.width, facts.height) == (fmt, 0, 0)


@settings(max_examples=300)
@given(st.binary(max_size=600))
def test_sniff_never_raises_on_garbage(data: bytes) -> None:
    for prefix in (b"", b"\xff\xd8", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"RIFF\x10\x00\x00\x00WEBPVP8X"):
        sniff(prefix + data)


def test_strip_removes_exif_xmp_and_comments_but_keeps_pixels() -> None:
    exif = Image.Exif()
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    im = Image.merge("RGB", [Image.effect_noise((64, 48), 40)] * 3)
    data = encode(im, "JPEG", exif=exif.tobytes(), comment=b"shot at home", xmp=b"<x:xmpmeta>me</x:xmpmeta>")
    clean = strip_metadata(data, "jpeg")
    assert b"Exif" not in clean and b"shot at home" not in clean and b"xmpmeta" not in clean
    with Image.open(io.BytesIO(data)) as a, Image.open(io.BytesIO(clean)) as b:
        assert a.tobytes() == b.tobytes()


def test_strip_png_text_chunks() -> None:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "52.37N 4.89E")
    data = encode(Image.new("RGBA", (20, 10), (1, 2, 3, 4)), "PNG", pnginfo=info)
    clean = strip_metadata(data, "png")
    assert b"Location" not in clean
    with Image.open(io.BytesIO(clean)) as im:
        assert im.getpixel((0, 0)) == (1, 2, 3, 4)
    with pytest.raises(StripError):
        strip_metadata(data[:-12], "png")
