"""What `GET /media/<id>` serves is the picture and nothing else, whatever a partner's upload carried:
generated hostile photos (tests.hostile.photos) through the real endpoint, with media in a folder (SQLite) and
in a bucket (PostgreSQL)."""

from __future__ import annotations

import io
from functools import cache

import pytest
from PIL import Image

from creatorpost.imaging.pillow_engine import PillowEngine
from creatorpost.imaging.pipeline import process
from tests.hostile.leaks import leaks
from tests.hostile.photos import HostilePhoto, hostile_photos
from tests.endpoints import Endpoint

# The hostile files are malformed on purpose: Pillow says so while it decodes them.
pytestmark = pytest.mark.filterwarnings("ignore:Corrupt EXIF data:UserWarning",
                                        "ignore:Image appears to be a malformed MPO file:UserWarning")
LAYOUTS = 52  # four times round the clean pictures


@cache
def corpus() -> list[HostilePhoto]:
    return hostile_photos(LAYOUTS, seed=1001)


def decoded(data: bytes) -> tuple[str, tuple[int, int], bytes]:
    with Image.open(io.BytesIO(data)) as im:
        return im.mode, im.size, im.tobytes()


@pytest.mark.parametrize("index", range(LAYOUTS))
def test_served_photo_holds_the_picture_only(index: int, media_server: Endpoint) -> None:
    """GPS EXIF, XMP, comments, a second picture after the first, a trailing script: none of it is
    stored or served, and the served picture decodes exactly as the clean file's would."""
    photo = corpus()[index]
    with media_server.client("demo-basic") as client:
        answer = client.post("/api/media", files={"file": (photo.name, photo.data, "application/octet-stream")},
                             data={"role": photo.role})
        assert answer.status_code == 201, (photo.name, photo.payloads, answer.text)
        served = client.get(f"/media/{answer.json()['id']}")
    assert served.status_code == 200
    assert leaks(served.content) == [], (photo.name, photo.payloads)
    expected = process(PillowEngine(), photo.clean, photo.role)  # type: ignore[arg-type]
    assert expected.image is not None
    assert decoded(served.content) == decoded(expected.image.data), (photo.name, photo.payloads)
