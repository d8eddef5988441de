"""No photo keeps anything but its picture: hundreds of generated hostile layouts (tests.hostile.photos)
through the stripper and through the whole image step, each checked by an independent walker
(tests.hostile.leaks) and by decoding: the picture must be exactly the clean one's."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache

import pytest
from PIL import Image

from creatorpost.imaging.pillow_engine import PillowEngine
from creatorpost.imaging.pipeline import process
from creatorpost.imaging.sniff import sniff
from creatorpost.imaging.strip import StripError, strip_metadata
from tests.hostile.leaks import leaks
from tests.hostile.photos import HostilePhoto, bases, hostile_photos

# The hostile files are malformed on purpose: Pillow says so while it decodes them.
pytestmark = pytest.mark.filterwarnings("ignore:Corrupt EXIF data:UserWarning",
                                        "ignore:Image appears to be a malformed MPO file:UserWarning")
STRIP_LAYOUTS = 240
PIPELINE_LAYOUTS = 120


@cache
def corpus() -> list[HostilePhoto]:
    return hostile_photos(STRIP_LAYOUTS)


def pixels(data: bytes) -> tuple[str, tuple[int, int], bytes]:
    with Image.open(io.BytesIO(data)) as im:
        return im.mode, im.size, im.tobytes()


@cache
def clean_output(clean: bytes, role: str) -> bytes:
    image = process(PillowEngine(), clean, role).image  # type: ignore[arg-type]
    assert image is not None
    return image.data


def _explain(photo: HostilePhoto, problems: list[str]) -> str:
    return f"{photo.name} ({'; '.join(photo.payloads)}): {problems}"


@pytest.mark.parametrize("index", range(STRIP_LAYOUTS))
def test_strip_keeps_the_picture_and_nothing_else(index: int) -> None:
    """A file rebuilt by the stripper carries no token, no metadata segment or chunk, no trailing
    byte, and decodes to exactly the clean picture's pixels."""
    photo = corpus()[index]
    stripped = strip_metadata(photo.data, sniff(photo.data).format)
    assert leaks(stripped) == [], _explain(photo, leaks(stripped))
    assert pixels(stripped) == pixels(photo.clean), _explain(photo, ["pixels differ"])


@pytest.mark.parametrize("index", range(PIPELINE_LAYOUTS))
def test_the_image_step_output_holds_no_metadata(index: int) -> None:
    """Kept or re-encoded (resized, turned upright, WebP to JPEG/PNG), the image step's output is
    the clean file's output, pixel for pixel, with nothing else in it."""
    photo = corpus()[index]
    outcome = process(PillowEngine(), photo.data, photo.role)  # type: ignore[arg-type]
    assert outcome.image is not None, _explain(photo, [str(outcome.error)])
    assert leaks(outcome.image.data) == [], _explain(photo, leaks(outcome.image.data))
    assert pixels(outcome.image.data) == pixels(clean_output(photo.clean, photo.role)), _explain(photo, ["pixels differ"])


def test_the_corpus_puts_every_payload_everywhere() -> None:
    """The generator really tries each payload, between progressive scans and after the end too."""
    said = [kind for photo in corpus() for kind in photo.payloads]
    kinds = {kind.split(" @slot")[0] for kind in said}
    assert {"EXIF with GPS", "XMP with GPS", "comment", "IPTC", "MPF", "JFIF thumbnail", "JFXX thumbnail",
            "Adobe with extra bytes", "tEXt", "zTXt", "iTXt XMP", "eXIf with GPS", "tIME", "XMP",
            "after the end: second JPEG with GPS EXIF", "after the end: HTML with a script"} <= kinds
    progressive = [photo for photo in corpus() if "progressive" in photo.name]
    slots = {int(kind.split("@slot")[1]) for photo in progressive for kind in photo.payloads if "@slot" in kind}
    first_scan = _first_scan_slot(next(b.data for b in bases() if b.name == "jpeg-progressive"))
    assert any(slot > first_scan for slot in slots), "no payload between progressive scans"


def _first_scan_slot(data: bytes) -> int:
    """Index of the slot just after the first scan's data, in tests.hostile.photos' slot order."""
    from tests.hostile.photos import _jpeg_slots

    slots = _jpeg_slots(data)
    first_sos = data.index(b"\xff\xda")
    return next(i for i, at in enumerate(slots) if at > first_sos)


def _jpeg_with_second_image() -> bytes:
    photo = next(p for p in corpus() if "after the end: second JPEG with GPS EXIF" in p.payloads and p.name.endswith(".jpg"))
    return photo.data


@pytest.mark.parametrize(("name", "damage"), [
    ("jpeg cut inside its image data", lambda d: d[:len(d) * 2 // 3]),
    ("jpeg without its end marker", lambda d: d[:d.rindex(b"\xff\xd9")]),
    ("jpeg scan before its frame", lambda d: d[:2] + d[d.index(b"\xff\xda"):]),
    ("jpeg starting again inside itself", lambda d: d[:d.index(b"\xff\xdb")] + b"\xff\xd8" + d[d.index(b"\xff\xdb"):]),
])
def test_a_jpeg_whose_structure_is_unsound_is_refused(name: str, damage: Callable[[bytes], bytes]) -> None:
    clean = next(b.data for b in bases() if b.name == "jpeg-progressive")
    with pytest.raises(StripError):
        strip_metadata(damage(clean), "jpeg")


def test_a_truncated_primary_does_not_borrow_the_appended_pictures_end() -> None:
    """A first picture cut short, followed by a complete second one: refused, not glued together."""
    data = _jpeg_with_second_image()
    end = data.index(b"\xff\xd9", data.index(b"\xff\xda"))
    with pytest.raises(StripError):
        strip_metadata(data[:end - 100] + data[end + 2:], "jpeg")


def test_png_and_webp_whose_structure_is_unsound_are_refused() -> None:
    png = next(b.data for b in bases() if b.name == "png-palette")
    webp = next(b.data for b in bases() if b.name == "webp-lossy")
    iend = png.rindex(b"IEND") - 4
    critical = len(b"x").to_bytes(4, "big") + b"ZZZZ" + b"x" + bytes(4)
    for broken, fmt in ((png[:iend], "png"), (png[:iend] + critical + png[iend:], "png"),
                        (png[8:], "png"), (webp[:-10], "webp"), (webp[:12] + b"ZZZZ" + bytes(4), "webp")):
        with pytest.raises(StripError):
            strip_metadata(broken, fmt)


def test_webp_flags_follow_the_chunks_that_stay() -> None:
    """VP8X says EXIF and XMP are gone; ICC stays announced only while its chunk stays."""
    photo = next(p for p in corpus() if p.name.endswith(".webp") and any("EXIF" in k for k in p.payloads))
    stripped = strip_metadata(photo.data, "webp")
    assert stripped[12:16] == b"VP8X" and stripped[20] & 0x2C == 0
    assert int.from_bytes(stripped[4:8], "little") + 8 == len(stripped)
