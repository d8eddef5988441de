"""Clients that send less than they announce or hang up (issue 10 §2), against a real `creatorpost serve`:
a body that stops arriving is answered 408 request.timeout and the connection closed within the idle
timeout, never held open; a client that disconnects is logged as 499, never as a 500 or an error."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.endpoints import ServerProcess, start_server
from tests.hostile.posts import examples

IDLE_SECONDS = 1.0
READ_TIMEOUT = 15.0  # a socket read never waits longer than this: the test is bounded in time
BODIES = {  # path -> (headers, the start of a body that would be fine if it all arrived)
    "/api/posts/validate": ({"Content-Type": "application/json"}, b'{"title": "Slow", "blocks": [{"kind": "text"'),
    "/api/posts": ({"Content-Type": "application/json", "Authorization": "Bearer demo-basic",
                    "Idempotency-Key": "slow"}, b'{"title": "Slow", "blocks": [{"kind": "text"'),
    "/api/media": ({"Content-Type": "multipart/form-data; boundary=B", "Authorization": "Bearer demo-basic"},
                   b'--B\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n\xff\xd8\xff\xe0'),
}


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory: pytest.TempPathFactory, fake_dist: Path) -> Iterator[ServerProcess]:
    running = start_server(tmp_path_factory.mktemp("slow"), fake_dist, env={
        "CREATORPOST_BODY_TIMEOUT_SECONDS": str(IDLE_SECONDS), "CREATORPOST_RATE_LIMIT_BURST": "10000"})
    yield running
    running.stop()


def _connect(server: ServerProcess) -> socket.socket:
    host, port = server.url.split("//", 1)[1].rstrip("/").rsplit(":", 1)
    return socket.create_connection((host, int(port)), timeout=READ_TIMEOUT)


def _start(server: ServerProcess, path: str, declared: int, sent: bytes) -> socket.socket:
    headers, _ = BODIES[path]
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {declared}",
             *(f"{name}: {value}" for name, value in headers.items())]
    connection = _connect(server)
    connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + sent)
    return connection


def _read_to_close(connection: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (or READ_TIMEOUT passes: a failure)."""
    received = b""
    with connection:
        while chunk := connection.recv(65536):
            received += chunk
    return received


@examples(9)
@given(path=st.sampled_from(sorted(BODIES)), cut=st.integers(0, 40), missing=st.integers(1, 1_000_000))  # within the size caps
def test_a_body_shorter_than_announced_is_answered_408_and_closed(slow_server: ServerProcess, path: str, cut: int,
                                                                 missing: int) -> None:
    """Content-Length says more than arrives: once nothing has come for the idle timeout, the client gets
    408 request.timeout and the connection is closed (a socket.timeout here means it was held open)."""
    sent = BODIES[path][1][:cut]
    began = time.monotonic()
    answer = _read_to_close(_start(slow_server, path, len(sent) + missing, sent))
    took = time.monotonic() - began
    assert answer.startswith(b"HTTP/1.1 408 "), answer[:200]
    assert b"connection: close" in answer.lower()
    assert answer.endswith(b'{"error":{"code":"request.timeout","message":"The request stopped arriving before it was '
                           b'complete. Check the connection and send it again.","field":null}}')
    assert IDLE_SECONDS <= took < IDLE_SECONDS + 10


@examples(9)
@given(path=st.sampled_from(sorted(BODIES)), cut=st.integers(1, 40))
def test_a_client_that_hangs_up_is_not_a_server_error(slow_server: ServerProcess, path: str, cut: int) -> None:
    """A client that disconnects halfway through its body is logged as 499 (client gone), with no error."""
    before = len([e for e in slow_server.log_events() if e.get("event") == "http.client_gone"])
    sent = BODIES[path][1][:cut]
    _start(slow_server, path, len(sent) + 1000, sent).close()
    gone = slow_server.wait_for_events("http.client_gone", before + 1)
    assert gone[-1]["path"] == path
    slow_server.wait_for_events("http.request", status=499, count=before + 1)
    events = slow_server.log_events()
    assert [e for e in events if e["level"] in ("error", "critical")] == []
    assert [e for e in events if e.get("event") == "http.request" and e["status"] >= 500] == []
