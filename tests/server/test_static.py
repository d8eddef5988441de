"""The built app served from dist/ by a real `creatorpost serve`: content types, gzip, cache headers and 304s."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.endpoints import Endpoint, ServerProcess, start_server
from tests.server.conftest import INDEX, WASM_BYTES

IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, fake_dist: Path) -> Iterator[ServerProcess]:
    """Static serving is what uvicorn and our static site do together: a real process."""
    running = start_server(tmp_path_factory.mktemp("static-data"), fake_dist)
    yield running
    running.stop()


@pytest.mark.parametrize(
    ("path", "content_type", "gzipped"),
    [
        ("/", "text/html; charset=utf-8", True),
        ("/_v/abc123/pyodide/pyodide.asm.wasm", "application/wasm", True),
        ("/_v/abc123/pyodide/pyodide.mjs", "text/javascript; charset=utf-8", True),
        ("/_v/abc123/wheels/creatorpost-0.1.0-py3-none-any.whl", "application/zip", False),
        ("/_v/abc123/pyodide/python_stdlib.zip", "application/zip", False),
        ("/_v/abc123/app/config.toml", "application/toml; charset=utf-8", True),
        ("/_v/abc123/app/icon.png", "image/png", False),
        ("/manifest.json", "application/json; charset=utf-8", True),
    ],
)
def test_content_type_and_compression(server: Endpoint, path: str, content_type: str, gzipped: bool) -> None:
    """Each file arrives with the type the browser needs; text and wasm arrive gzipped, archives not."""
    with server.client() as client:
        response = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert response.headers.get("content-encoding") == ("gzip" if gzipped else None)


def test_wasm_bytes_survive_gzip(server: Endpoint) -> None:
    """The wasm a browser unpacks is byte for byte the one in dist/."""
    with server.client() as client:
        packed = client.get("/_v/abc123/pyodide/pyodide.asm.wasm", headers={"Accept-Encoding": "gzip"})
        plain = client.get("/_v/abc123/pyodide/pyodide.asm.wasm", headers={"Accept-Encoding": "identity"})
    assert len(packed.content) == len(WASM_BYTES)  # httpx decodes gzip transparently
    assert packed.content == WASM_BYTES == plain.content
    assert int(packed.headers["content-length"]) < len(WASM_BYTES) / 2
    assert plain.headers.get("content-encoding") is None


def test_gzip_is_cached_under_the_data_dir(server: Endpoint) -> None:
    """The wasm is compressed once; later visits get the cached bytes."""
    with server.client() as client:
        client.get("/_v/abc123/pyodide/pyodide.asm.wasm", headers={"Accept-Encoding": "gzip"})
    sha = hashlib.sha256(WASM_BYTES).hexdigest()
    cached = server.data_dir / "cache" / "gzip" / f"{sha}.gz"
    assert gzip.decompress(cached.read_bytes()) == WASM_BYTES


def test_versioned_files_are_immutable_and_the_entry_revalidates(server: Endpoint) -> None:
    """A second visit reuses versioned files without asking, and asks only about index.html."""
    with server.client() as client:
        for path in ("/_v/abc123/pyodide/pyodide.asm.wasm", "/_v/abc123/wheels/creatorpost-0.1.0-py3-none-any.whl"):
            assert client.get(path).headers["cache-control"] == IMMUTABLE
        for path in ("/", "/manifest.json", "/sw.js"):
            assert client.get(path).headers["cache-control"] == "no-cache"


def test_index_etag_comes_from_the_manifest_and_gives_304(server: Endpoint, fake_dist: Path) -> None:
    """Revisiting the page costs a 304 with no body while index.html is unchanged."""
    manifest = json.loads((fake_dist / "manifest.json").read_text())
    sha = manifest["files"]["index.html"]["sha256"]
    with server.client() as client:
        first = client.get("/", headers={"Accept-Encoding": "identity"})
        assert first.headers["etag"] == f'"{sha}"'
        assert first.text == INDEX
        again = client.get("/", headers={"If-None-Match": first.headers["etag"], "Accept-Encoding": "identity"})
        gz_first = client.get("/", headers={"Accept-Encoding": "gzip"})
        gz_again = client.get("/", headers={"Accept-Encoding": "gzip", "If-None-Match": gz_first.headers["etag"]})
        changed = client.get("/", headers={"If-None-Match": '"something-else"'})
    assert (again.status_code, again.content) == (304, b"")
    assert again.headers["etag"] == f'"{sha}"'
    assert gz_again.status_code == 304
    assert changed.status_code == 200


def test_files_outside_the_manifest_get_a_computed_etag(server: Endpoint, fake_dist: Path) -> None:
    """A file build.py did not list still revalidates cheaply."""
    extra = fake_dist / "extra.txt"
    extra.write_text("hello " * 100)
    with server.client() as client:
        first = client.get("/extra.txt", headers={"Accept-Encoding": "identity"})
        again = client.get("/extra.txt", headers={"If-None-Match": first.headers["etag"]})
    assert first.headers["etag"] == f'"{hashlib.sha256(extra.read_bytes()).hexdigest()}"'
    assert again.status_code == 304


def test_head_has_headers_and_no_body(server: Endpoint) -> None:
    """HEAD answers like GET without the bytes."""
    with server.client() as client:
        response = client.head("/_v/abc123/pyodide/pyodide.asm.wasm", headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert response.headers["content-length"] == str(len(WASM_BYTES))
    assert response.content == b""


@pytest.mark.parametrize("path", ["/../settings.py", "/%2e%2e/%2e%2e/etc/passwd", "/.hidden", "/nope.js",
                                  "/api/nope"])
def test_nothing_outside_dist_and_no_api_fallthrough(server: Endpoint, path: str) -> None:
    """Paths that escape dist/, hidden files and unknown API calls are a 404 in the error shape."""
    with server.client() as client:
        response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "route.not_found"
