"""POST /api/media against a real endpoint: what a partner's upload gets back, file by file, with media in a
folder (file://) and in a bucket (s3://)."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import httpx
import pytest
from PIL import Image

from creatorpost.rules import load_rules
from creatorpost.testing.image_conformance import VECTORS, Vector
from tests.endpoints import Endpoint
from tests.server.conftest import MakeServer
from tests.vectors.images.generate import generate, run_folder

STATUS = {"image.unsupported_format": 415}


@pytest.fixture(scope="session")
def vectors(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return generate(run_folder(tmp_path_factory.getbasetemp()))


def upload(client: httpx.Client, name: str, data: bytes, role: str | None = None) -> httpx.Response:
    form = {"role": role} if role else None
    return client.post("/api/media", files={"file": (name, data, "application/octet-stream")}, data=form)


@pytest.mark.parametrize("row", VECTORS, ids=[row.name for row in VECTORS])
def test_every_vector_gets_the_tables_answer(row: Vector, media_server: Endpoint, vectors: dict[str, Path]) -> None:
    """Refusals are coded 4xx; accepted photos are stored at the size and format the policy chose."""
    with media_server.client("demo-basic") as client:
        response = upload(client, row.name, vectors[row.name].read_bytes(), row.role)
        if row.action == "reject":
            assert response.status_code == STATUS.get(row.code or "", 422), response.text
            body = response.json()
            assert (body["error"]["code"], body["error"]["field"]) == (row.code, "file")
            assert body["error"]["message"] and "{" not in body["error"]["message"]
            return
        assert response.status_code == 201, response.text
        body = response.json()
        assert set(body) == {"id", "width", "height", "bytes", "format"}
        assert (body["format"], body["width"], body["height"]) == (row.format, row.width, row.height)
        stored = client.get(f"/media/{body['id']}")
    assert stored.status_code == 200
    assert len(stored.content) == body["bytes"]
    with Image.open(io.BytesIO(stored.content)) as im:
        assert ((im.format or "").lower(), im.size) == (row.format, (row.width, row.height))
        assert not im.getexif()
    if row.role == "banner":
        assert body["bytes"] <= load_rules().banner.max_bytes


def test_a_file_over_the_cap_is_refused_before_it_is_all_read(media_server: Endpoint) -> None:
    cap = load_rules().upload.max_bytes
    # A JPEG header then zeros: only the byte count matters; the answer comes without decoding.
    data = b"\xff\xd8" + bytes(cap + 1)
    with media_server.client("demo-basic") as client:
        response = upload(client, "big.jpg", data)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "upload.too_large"


def test_the_same_photo_twice_is_one_media_id(media_server: Endpoint, vectors: dict[str, Path]) -> None:
    data = vectors["huge_6000x4000.jpg"].read_bytes()
    with media_server.client("demo-basic") as client:
        first, second = upload(client, "a.jpg", data), upload(client, "b.jpg", data)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()


def test_requests_that_are_not_one_photo_are_refused(media_server: Endpoint, vectors: dict[str, Path]) -> None:
    photo = vectors["min_750x360.jpg"].read_bytes()
    with media_server.client("demo-basic") as client:
        no_file = client.post("/api/media", data={"role": "image"}, files={"other": ("x", b"1")})
        bad_role = upload(client, "a.jpg", photo, role="avatar")
        not_multipart = client.post("/api/media", content=photo, headers={"Content-Type": "image/jpeg"})
    assert (no_file.status_code, no_file.json()["error"]["field"]) == (422, "file")
    assert (bad_role.status_code, bad_role.json()["error"]["field"]) == (422, "role")
    assert not_multipart.status_code == 415


def test_uploading_needs_a_creator(media_server: Endpoint, vectors: dict[str, Path]) -> None:
    with media_server.client() as client:
        response = upload(client, "a.jpg", vectors["min_750x360.jpg"].read_bytes())
    assert response.status_code == 401


def test_photos_beyond_the_limit_wait_their_turn(make_server: MakeServer, vectors: dict[str, Path],
                                                storage_env: dict[str, str]) -> None:
    """With room to check one photo at a time, a second upload waits while the first is checked
    (the endpoint's memory stays that of one photo), then both are stored; /healthz shows the limit."""
    server = make_server({"CREATORPOST_MEDIA_DECODES": "1", "CREATORPOST_FAULT_INJECT": "media-decoding",
                          **storage_env})
    answers: dict[str, httpx.Response] = {}

    def send(name: str) -> None:
        with server.client("demo-basic") as client:
            answers[name] = upload(client, name, vectors[name].read_bytes())

    first = threading.Thread(target=send, args=("huge_6000x4000.jpg",))
    first.start()
    assert server.wait_for_line(r"^FAULT media-decoding decoding=(\d+)").group(1) == "1"
    second = threading.Thread(target=send, args=("min_750x360.jpg",))
    second.start()
    queued = server.wait_for_line(r"^FAULT media-queued decoding=(\d+) waiting=(\d+)")
    assert queued.groups() == ("1", "1")
    first.join(timeout=30)
    second.join(timeout=30)
    assert {name: answer.status_code for name, answer in answers.items()} == {
        "huge_6000x4000.jpg": 201, "min_750x360.jpg": 201}
    with server.client() as client:
        assert client.get("/healthz").json()["media"] == {"decoding": 0, "waiting": 0, "limit": 1}


def test_catalog_pictures_come_from_the_media_storage(media_server: Endpoint) -> None:
    """The demo catalog's pictures are drawn into the same storage as photos and served from it (GET and HEAD);
    a product without one is 404."""
    with media_server.client() as client:
        picture = client.get("/catalog/images/1005001234567890.png")
        head = client.head("/catalog/images/1005001234567890.png")
        missing = client.get("/catalog/images/1234567.png")
    assert (picture.status_code, picture.headers["content-type"], picture.content[:4]) == (200, "image/png", b"\x89PNG")
    assert (head.status_code, head.headers["content-length"], head.content) == (200, str(len(picture.content)), b"")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "route.not_found"
