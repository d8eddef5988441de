"""A photo leaves the creator's browser with its picture only: hostile files (tests.hostile.photos) picked
in the real editor, in Chromium, and read back from the upload request the page sends."""

from __future__ import annotations

import email.parser
import io
from pathlib import Path

import httpx
import pytest
from PIL import Image, ImageChops
from playwright.sync_api import Request

from creatorpost.imaging.pillow_engine import PillowEngine
from creatorpost.imaging.pipeline import process
from tests.browser.conftest import Visit
from tests.browser.editor_page import EditorPage
from tests.hostile.leaks import leaks
from tests.hostile.photos import hostile_photos

# The hostile files are malformed on purpose: Pillow says so while it decodes them.
pytestmark = pytest.mark.filterwarnings("ignore:Corrupt EXIF data:UserWarning",
                                        "ignore:Image appears to be a malformed MPO file:UserWarning")
LAYOUTS = 28  # twice round the clean pictures: kept ones (stripped on the device) and re-encoded ones
PHOTO_READY_MS = 90_000  # a ceiling for one photo on a busy 2-core machine, not a wait


def _sent_file(request: Request) -> bytes:
    """The `file` part of the multipart body the page posted."""
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser().parsebytes(head + (request.post_data_buffer or b""))
    for part in message.walk():
        if part.get_param("name", header="content-disposition") == "file":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload
    raise AssertionError("the upload has no file part")


def _seen(im: Image.Image) -> Image.Image:
    """What a reader sees: the picture over a white page, in grey levels."""
    page = Image.new("RGBA", im.size, (255, 255, 255, 255))
    return Image.alpha_composite(page, im.convert("RGBA")).convert("L")


def _luma_gap(ours: bytes, reference: bytes) -> float:
    with Image.open(io.BytesIO(ours)) as a, Image.open(io.BytesIO(reference)) as b:
        if a.size != b.size:
            return 255.0
        gap = ImageChops.difference(_seen(a), _seen(b)).histogram()
    return sum(level * count for level, count in enumerate(gap)) / (a.width * a.height)


@pytest.mark.browser
def test_photos_leave_the_browser_without_metadata(app_url: str, visit: Visit, tmp_path: Path) -> None:
    """Kept photos are stripped on the device (their pixels untouched), re-encoded ones carry none;
    no GPS, serial, XMP, comment, second picture or trailing byte reaches the upload."""
    editor = EditorPage(visit, app_url).open()
    editor.sign_in("basic")
    failures: list[str] = []
    for photo in hostile_photos(LAYOUTS, seed=2002):
        path = tmp_path / photo.name
        path.write_bytes(photo.data)
        picker = "#banner-file" if photo.role == "banner" else "#photos-file"
        with editor.page.expect_request(lambda r: r.url.endswith("/api/media") and r.method == "POST",
                                        timeout=PHOTO_READY_MS) as sent:
            editor.page.locator(picker).set_input_files(str(path))
        uploaded = _sent_file(sent.value)
        response = sent.value.response()
        assert response is not None and response.status == 201, (photo.name, response and response.text())
        with httpx.Client(base_url=app_url, headers={"Authorization": "Bearer demo-basic"}) as client:
            served = client.get(f"/media/{response.json()['id']}").content
        expected = process(PillowEngine(), photo.clean, photo.role)  # type: ignore[arg-type]
        assert expected.image is not None
        for where, data in (("sent", uploaded), ("served", served)):
            if leaks(data):
                failures.append(f"{photo.name} {where} ({'; '.join(photo.payloads)}): {leaks(data)}")
        if expected.decision.action == "keep":
            if not _same_pixels(uploaded, photo.clean):
                failures.append(f"{photo.name}: a kept photo's pixels changed on the device")
        elif (gap := _luma_gap(uploaded, expected.image.data)) > 3.0:
            failures.append(f"{photo.name}: the device's picture is not the one Pillow makes (mean luma gap {gap:.1f})")
    assert failures == []
    visit.assert_clean()


def _same_pixels(a: bytes, b: bytes) -> bool:
    with Image.open(io.BytesIO(a)) as first, Image.open(io.BytesIO(b)) as second:
        return first.size == second.size and first.convert("RGBA").tobytes() == second.convert("RGBA").tobytes()
