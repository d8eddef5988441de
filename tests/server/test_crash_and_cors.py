"""Crash safety of publishing, a review worker in its own process, and a cross-origin setup."""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.endpoints import ROOT, ServerProcess, wait_for_status
from tests.server.conftest import MakeApp
from tests.server.postgres import database_env
from tests.server.posts_data import article


def _counts(data_dir: Path, database_url: str) -> tuple[int, int, int]:
    engine = create_engine(database_url or f"sqlite:///{data_dir / 'creatorpost.db'}")
    try:
        with engine.connect() as db:
            posts, blocks, keys = (int(db.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())
                                   for table in ("posts", "post_blocks", "idempotency_keys"))
            return posts, blocks, keys
    finally:
        engine.dispose()


def test_kill_mid_publish_leaves_nothing_half_made(make_server: Any, tmp_path: Path, database_url: str) -> None:
    """Killed inside the publish transaction, the server comes back with no trace of the post; the
    client's retry with the same key then creates it exactly once (SQLite and PostgreSQL)."""
    data_dir = tmp_path / "crash"
    running: ServerProcess = make_server({"CREATORPOST_FAULT_INJECT": "publish-before-commit", **database_env(database_url)},
                                  data_dir=data_dir)
    post = article(coupons=None, title="Interrupted")
    before = _counts(data_dir, database_url)  # the demo's example articles are there from the start
    client = running.client("demo-intermediate")
    attempt = threading.Thread(target=lambda: _swallow(lambda: client.post(
        "/api/posts", json=post, headers={"Idempotency-Key": "crash-1"})), daemon=True)
    attempt.start()
    post_id = running.wait_for_line(r"^FAULT publish-before-commit (p_\w+)").group(1)
    running.kill_hard()
    attempt.join(timeout=10)

    assert _counts(data_dir, database_url) == before
    restarted = make_server(database_env(database_url), data_dir=data_dir)
    with restarted.client("demo-intermediate") as again:
        assert again.get(f"/api/posts/{post_id}").status_code == 404
        retry = again.post("/api/posts", json=post, headers={"Idempotency-Key": "crash-1"})
        repeat = again.post("/api/posts", json=post, headers={"Idempotency-Key": "crash-1"})
        assert retry.status_code == repeat.status_code == 202
        assert retry.json()["id"] == repeat.json()["id"] != post_id
        assert wait_for_status(again, retry.json()["id"])["status"] == "published"
    assert _counts(data_dir, database_url) == (before[0] + 1, before[1] + len(post["blocks"]), before[2] + 1)


def _swallow(call: Any) -> None:
    try:
        call()
    except httpx.HTTPError:
        pass  # the server died under this request, as intended


def test_separate_worker_process_publishes(make_server: Any, tmp_path: Path) -> None:
    """With the in-process worker off, `creatorpost worker` in its own process reviews the queue."""
    data_dir = tmp_path / "split"
    running: ServerProcess = make_server({"CREATORPOST_INPROCESS_WORKER": "false"}, data_dir=data_dir)
    with running.client("demo-intermediate") as client:
        post_id = client.post("/api/posts", json=article(coupons=None),
                              headers={"Idempotency-Key": "w-1"}).json()["id"]
        worker = subprocess.Popen([sys.executable, "-m", "creatorpost.server.cli", "worker"], cwd=ROOT,
                                  env={"CREATORPOST_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            assert wait_for_status(client, post_id)["status"] == "published"
        finally:
            worker.terminate()
            worker.wait(timeout=10)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture
def static_host(fake_dist: Path) -> Iterator[str]:
    """dist/ on a plain static server at 127.0.0.2 (another origin than the endpoint)."""
    handler = functools.partial(_QuietHandler, directory=str(fake_dist))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.2", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.2:{httpd.server_address[1]}"
    httpd.shutdown()


def test_cross_origin_publish_only_for_allowed_origins(make_app: MakeApp, static_host: str) -> None:
    """The app served from 127.0.0.2 may call the endpoint on 127.0.0.1; other origins get no CORS grant."""
    running = make_app({"CREATORPOST_CORS_ORIGINS": static_host})
    assert httpx.get(static_host + "/index.html").status_code == 200
    preflight_headers = {"Origin": static_host, "Access-Control-Request-Method": "POST",
                         "Access-Control-Request-Headers": "authorization,content-type,idempotency-key"}
    with running.client() as client:
        preflight = client.options("/api/posts", headers=preflight_headers)
        published = client.post("/api/posts", json=article(coupons=None), headers={
            "Origin": static_host, "Authorization": "Bearer demo-intermediate", "Idempotency-Key": "cors-1"})
        refused_error = client.get("/api/creators/me", headers={"Origin": static_host})
        stranger = client.options("/api/posts", headers={**preflight_headers, "Origin": "http://evil.example"})
        stranger_get = client.get("/api/rules", headers={"Origin": "http://evil.example"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == static_host
    assert "idempotency-key" in preflight.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in preflight.headers
    assert published.status_code == 202
    assert published.headers["access-control-allow-origin"] == static_host
    assert refused_error.status_code == 401  # errors carry the grant too, so the app can read them
    assert refused_error.headers["access-control-allow-origin"] == static_host
    assert stranger.status_code == 400 and "access-control-allow-origin" not in stranger.headers
    assert "access-control-allow-origin" not in stranger_get.headers
