"""Requests that are bad as HTTP (issue 10 §2): any static path, HEAD wherever GET works, upload forms of
too many parts or huge part headers refused before the rest is read, empty and garbled uploads. Always a
coded 4xx in the error shape (or the page/file asked for), never a 500."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute
from starlette.routing import Route
from hypothesis import given
from hypothesis import strategies as st

from creatorpost.server.media.upload import MAX_PARTS
from tests.endpoints import InProcessEndpoint, wait_for_status
from tests.hostile.posts import examples
from tests.server.hostile.media_data import photo, upload
from tests.server.posts_data import article

NAMES = ("manifest.json", "index.html", "sw.js", "_v", "abc123", "app", "config.toml", "..", ".", ".git",
         ".well-known", "%2e%2e", "%2F", "%5C", "~", "", "p", "c", "media", "api")


def _segment() -> st.SearchStrategy[str]:
    encoded = st.binary(min_size=1, max_size=6).map(lambda raw: "".join(f"%{b:02X}" for b in raw))
    words = st.text(st.characters(codec="utf-8", exclude_characters="/?#%"), max_size=8).map(
        lambda w: "".join(ch if ch.isascii() and ch.isalnum() else "".join(f"%{b:02X}" for b in ch.encode())
                          for ch in w))
    return st.one_of(st.sampled_from(NAMES), encoded, words, st.sampled_from(NAMES).flatmap(
        lambda name: encoded.map(lambda tail: name + tail)))


def _shape(answer: httpx.Response) -> None:
    if answer.headers.get("content-type") == "application/json" and answer.status_code >= 400 and answer.content:
        error = answer.json()["error"]
        assert set(error) == {"code", "message", "field"} and error["message"], answer.text


@examples(300)
@given(segments=st.lists(_segment(), min_size=1, max_size=4), method=st.sampled_from(("GET", "HEAD")),
       html=st.booleans())
def test_any_path_gets_a_file_or_a_coded_404(server: InProcessEndpoint, segments: list[str], method: str,
                                             html: bool) -> None:
    """A path of any bytes (NUL and other controls, broken UTF-8, dots, backslashes, very long names) is
    answered with a file or a coded 4xx, never a 500 (`/manifest.json%00.html` was one)."""
    raw = ("/" + "/".join(segments)).encode("ascii")
    headers = {"Accept": "text/html" if html else "application/json", "Accept-Encoding": "identity"}
    with server.client(**headers) as client:
        answer = client.request(method, httpx.URL("http://testserver", raw_path=raw))
    assert answer.status_code < 500, (raw, answer.text)
    assert method == "GET" or answer.content == b""
    _shape(answer)


def test_a_nul_in_a_static_path_is_not_found(server: InProcessEndpoint) -> None:
    with server.client(**{"Accept-Encoding": "identity"}) as client:
        for raw in (b"/manifest.json%00.html", b"/%00", b"/index.html%0a", b"/_v/abc123/app/config.toml%7f", b"/" + b"a" * 5000):
            answer = client.get(httpx.URL("http://testserver", raw_path=raw))
            assert (answer.status_code, answer.json()["error"]["code"]) == (404, "route.not_found"), raw


@pytest.fixture(scope="module")
def published(server: InProcessEndpoint) -> dict[str, str]:
    """A published post with its creator's photo: the ids HEAD is tried with."""
    with server.client("demo-intermediate") as client:
        media_id = upload(client, photo(seed=77))
        created = client.post("/api/posts", json=article(coupons=None, banner={"media_id": media_id}),
                              headers={"Idempotency-Key": f"head-{uuid.uuid4()}"}).json()
        assert wait_for_status(client, created["id"])["status"] == "published"
    return {"post_id": created["id"], "media_id": media_id, "handle": "demo-intermediate"}


def _routes(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(path, route) of every route, those of included routers too."""
    for route in routes:
        if hasattr(route, "original_router"):  # FastAPI's record of an included router
            yield from _routes(route.original_router.routes, prefix + route.include_context.prefix)
        elif isinstance(route, (APIRoute, Route)):
            yield prefix + route.path, route


def _get_paths(server: InProcessEndpoint, values: dict[str, str]) -> Iterator[str]:
    """Every GET route of the app with its path parameters filled in, and the static site's files."""
    for path, route in _routes(server.app.routes):
        if "GET" in (route.methods or ()):
            yield path.format(**{name: values.get(name, "x") for name in route.param_convertors})
    yield from ("/", "/index.html", "/manifest.json", "/sw.js", "/_v/abc123/app/config.toml", "/no-such-file",
                "/openapi.json", "/api/docs")


SAME_HEADERS = ("content-type", "content-length", "etag", "cache-control", "content-encoding", "vary")


@pytest.mark.parametrize("token", [None, "demo-intermediate"])
def test_head_works_wherever_get_does(server: InProcessEndpoint, published: dict[str, str], token: str | None) -> None:
    """HEAD answers what GET answers (status and headers, Content-Length included) without a body, on
    every GET route of the app and the static site: `/p/`, `/c/`, `/media/`, `/api/rules` answered 405."""
    paths = sorted(set(_get_paths(server, published)))
    assert {f"/p/{published['post_id']}", f"/media/{published['media_id']}", "/c/demo-intermediate",
            "/api/rules"} <= set(paths)
    with server.client(token, **{"Accept-Encoding": "identity"}) as client:
        for path in paths:
            got, head = client.get(path), client.head(path)
            assert head.status_code == got.status_code != 405, path
            assert head.content == b"", path
            assert {h: head.headers.get(h) for h in SAME_HEADERS} == {h: got.headers.get(h) for h in SAME_HEADERS}, path


# --------------------------------------------------------------------------- upload forms

BOUNDARY = "----hostile"


def _part(name: str, value: bytes = b"x", headers: bytes = b"") -> bytes:
    return (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n".encode() + headers
            + b"\r\n" + value + b"\r\n")


def _chunks(parts: int, size: int, header_bytes: int = 0) -> Iterator[bytes]:
    """A form of `parts` tiny fields (the first with `header_bytes` of extra header), in `size`-byte pieces,
    made as it is read: 400,000 parts never sit in memory whole."""
    pending = b""
    for number in range(parts):
        pending += _part(f"f{number}", headers=b"X-Pad: " + b"p" * header_bytes + b"\r\n" if header_bytes and not number
                         else b"")
        while len(pending) >= size:
            yield pending[:size]
            pending = pending[size:]
    yield pending + f"--{BOUNDARY}--\r\n".encode()


async def _upload_by_pieces(app: Any, pieces: Iterator[bytes]) -> tuple[int, bytes, int]:
    """POST /api/media straight into the ASGI app, one piece per receive(): status, body, bytes it read."""
    read = 0
    sent: list[Any] = []

    async def receive() -> dict[str, Any]:
        nonlocal read
        piece = next(pieces, None)
        if piece is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        read += len(piece)
        return {"type": "http.request", "body": piece, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/api/media", "raw_path": b"/api/media", "query_string": b"", "root_path": "",
             "headers": [(b"host", b"testserver"), (b"authorization", b"Bearer demo-basic"),
                         (b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode())],
             "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}
    await app(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body"), read


PART_BYTES = len(_part("f100000"))


@examples(40)
@given(parts=st.one_of(st.integers(MAX_PARTS + 1, MAX_PARTS + 50), st.just(400_000)),
       size=st.sampled_from((1, 7, 512, 65_536)))
def test_a_form_of_many_fields_is_refused_before_it_is_read(server: InProcessEndpoint, parts: int, size: int) -> None:
    """A form of more parts than one photo needs (400,000 tiny fields took 7 s of CPU) is refused at the
    first part too many: upload.too_many_parts, and the rest of the body is never read."""
    import json

    status, body, read = server.run(_upload_by_pieces(server.app, _chunks(parts, size)))
    assert (status, json.loads(body)["error"]["code"]) == (422, "upload.too_many_parts")
    assert read <= (MAX_PARTS + 1) * PART_BYTES + size


@examples(20)
@given(header_bytes=st.integers(3_000, 2_000_000), size=st.sampled_from((512, 65_536)))
def test_a_part_with_huge_headers_is_refused_before_it_is_read(server: InProcessEndpoint, header_bytes: int,
                                                               size: int) -> None:
    import json

    status, body, read = server.run(_upload_by_pieces(server.app, _chunks(1, size, header_bytes)))
    assert (status, json.loads(body)["error"]["code"]) == (422, "request.invalid")
    assert read <= 2048 + 2 * size + 200


@examples(60)
@given(name=st.text(max_size=30), content_type=st.sampled_from(("image/jpeg", "image/png", "", "text/plain",
                                                                "application/octet-stream")),
       role=st.sampled_from((None, "image", "banner")))
def test_an_empty_file_says_so(server: InProcessEndpoint, name: str, content_type: str, role: str | None) -> None:
    """An upload of zero bytes is image.empty ("This file is empty"), not "format TEXT is not supported"."""
    with server.client("demo-basic") as client:
        answer = client.post("/api/media", files={"file": (name or "x", b"", content_type)},
                             data={"role": role} if role else None)
    assert answer.status_code == 422, answer.text
    assert (answer.json()["error"]["code"], answer.json()["error"]["field"]) == ("image.empty", "file")
    assert answer.json()["error"]["message"] == "This file is empty (0 bytes): choose the photo again."


@examples(150)
@given(body=st.one_of(st.binary(max_size=300), st.lists(st.sampled_from((
    f"--{BOUNDARY}\r\n".encode(), f"--{BOUNDARY}--\r\n".encode(), b"Content-Disposition: form-data; name=\"file\"\r\n",
    b"Content-Disposition: form-data; name=\"role\"\r\n", b"Content-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n",
    b"Content-Type: image/jpeg\r\n", b"\r\n", b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"banner", b"\x00" * 40,
    b"Content-Disposition: form-data\r\n")), max_size=12).map(b"".join)),
    boundary=st.sampled_from((BOUNDARY, "", "x" * 300, "\"quoted\"")))
def test_garbled_forms_get_a_coded_answer(server: InProcessEndpoint, body: bytes, boundary: str) -> None:
    with server.client("demo-basic") as client:
        answer = client.post("/api/media", content=body,
                             headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert 400 <= answer.status_code < 500, answer.text
    _shape(answer)
