"""What the endpoint answers must not depend on the database: SQLite and PostgreSQL side by side.

The PostgreSQL cluster of these tests runs in a time zone far from UTC (tests/server/postgres.py).
"""

from __future__ import annotations

import concurrent.futures
import io
import json
import os
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from PIL import Image
from sqlalchemy import create_engine

from creatorpost.server.store import tables as t
from tests.endpoints import ROOT, Endpoint, ProcessLines, start_server, wait_for_status
from tests.server.migrations import migration_head
from tests.server.postgres import PostgresCluster, database_env
from tests.server.posts_data import article


def _photo() -> bytes:
    image = Image.merge("RGB", [Image.linear_gradient("L").resize((900, 600)),
                                Image.radial_gradient("L").resize((900, 600)),
                                Image.linear_gradient("L").rotate(90).resize((900, 600))])
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def test_photo_post_from_upload_to_published(backend_server: Endpoint) -> None:
    """The same photo uploaded by several requests at once is one media id; a post using it is published."""
    data = _photo()
    with backend_server.client("demo-intermediate") as client:
        with concurrent.futures.ThreadPoolExecutor(12) as pool:
            uploads = list(pool.map(lambda _: client.post(
                "/api/media", files={"file": ("photo.jpg", data, "image/jpeg")}, data={"role": "banner"}), range(12)))
        assert [u.status_code for u in uploads] == [201] * 12, uploads[0].text
        assert len({u.text for u in uploads}) == 1
        media = uploads[0].json()
        post = article(coupons=None, banner={"media_id": media["id"], "alt": "A colour gradient"},
                       blocks=[{"kind": "image", "media_id": media["id"]}, *article()["blocks"][:2]])
        report = client.post("/api/posts/validate", json=post).json()
        assert [(f["code"], f["severity"], f["field"]) for f in report["findings"]] == [
            ("banner.text_free", "tip", "banner"), ("image.alt_missing", "tip", "blocks.0.alt")]
        created = client.post("/api/posts", json=post, headers={"Idempotency-Key": f"photo-{uuid.uuid4()}"})
        assert created.status_code == 202, created.text
        done = wait_for_status(client, created.json()["id"])
    assert (done["status"], done["reasons"], done["post"]) == ("published", [], post)
    with backend_server.client() as anonymous:
        assert anonymous.get(f"/media/{media['id']}").content[:2] == b"\xff\xd8"
        assert f'/media/{media["id"]}' in anonymous.get(f"/p/{done['id']}").text


def test_times_are_utc(backend_server: Endpoint) -> None:
    """Every time in a post's JSON is UTC with a Z, whatever time zone the database speaks."""
    with backend_server.client("demo-senior") as client:
        created = client.post("/api/posts", json=article(coupons=None),
                              headers={"Idempotency-Key": f"utc-{uuid.uuid4()}"}).json()
        done = wait_for_status(client, created["id"])
        listed = next(p for p in client.get("/api/creators/me/posts").json()["posts"] if p["id"] == created["id"])
    assert (done["created_at"], done["review_due_at"]) == (created["created_at"], created["review_due_at"])
    assert listed["created_at"] == created["created_at"]
    assert done["reviewed_at"] >= done["created_at"]
    for moment in (done["created_at"], done["review_due_at"], done["reviewed_at"]):
        assert moment.endswith("Z") and "+" not in moment, moment


def test_text_with_a_nul_character(backend_server: Endpoint) -> None:
    """A NUL (%00) in an id or handle finds nothing (404), a short link with one is no short link
    (422), and a post whose text holds one is stored as sent: PostgreSQL text cannot hold NUL,
    SQLite can; the answers are the same."""
    lookups = {
        "/api/posts/p_%00x": (404, "post.not_found"),
        "/p/p_%00x": (404, "post.not_found"),
        "/c/demo%00basic": (404, "route.not_found"),
        "/api/products/resolve?url=https://a.aliexpress.com/_m%00x": (422, "product.not_a_link"),
    }
    post = article(coupons=None, title="Nul\x00title", introduction="in\x00side")
    with backend_server.client("demo-intermediate") as client:
        answers = {path: client.get(path) for path in lookups}
        coupon = client.post("/api/coupons/verify", json={"store_id": "912345678", "coupon_ids": ["C\x00"]})
        banner = client.post("/api/posts", json=article(coupons=None, banner={"media_id": "m_\x00"}),
                             headers={"Idempotency-Key": f"nul-{uuid.uuid4()}"})
        created = client.post("/api/posts", json=post, headers={"Idempotency-Key": f"nul-{uuid.uuid4()}"})
        done = wait_for_status(client, created.json()["id"])
    assert {path: (r.status_code, r.json()["error"]["code"]) for path, r in answers.items()} == lookups
    assert (coupon.status_code, [c["reason"] for c in coupon.json()["coupons"]]) == (200, ["coupon.unknown"])
    assert (banner.status_code, banner.json()["error"]["code"]) == (422, "media.not_found")
    assert (done["status"], done["post"]) == ("published", post)


def test_migrations_started_at_once_all_succeed(postgres: PostgresCluster, tmp_path: Path) -> None:
    """PostgreSQL: three `creatorpost migrate` at the same moment (replicas deploying together) all end
    well: one creates the tables, the others wait for it and find nothing left to do. The URL may
    name no driver (postgresql://, as most hosting providers hand it out); the password is never shown."""
    url = postgres.create_database("migrate")
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("CREATORPOST_")},
           "CREATORPOST_DATA_DIR": str(tmp_path)}
    runs = [subprocess.Popen([sys.executable, "-m", "creatorpost.server.cli", "migrate"], cwd=ROOT,
                             env={**env, "CREATORPOST_DATABASE_URL": given}, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for given in (url, plain, url)]
    results = [(run.wait(timeout=120), *run.communicate()) for run in runs]
    assert [code for code, _, _ in results] == [0, 0, 0], "\n".join(err for _, _, err in results)
    assert [out for _, out, _ in results] == [
        f"database at {given.replace(postgres.password, '***')} is up to date\n" for given in (url, plain, url)]
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_heads() == (migration_head(),)
            assert compare_metadata(MigrationContext.configure(conn), t.metadata) == []
    finally:
        engine.dispose()


def test_server_and_worker_started_together_publish_each_post_once(
        postgres: PostgresCluster, fake_dist: Path, tmp_path: Path) -> None:
    """PostgreSQL: a server and a `creatorpost worker` process start at the same moment on a new database
    (one migrates and seeds, the other waits for it), then both review the same queue and every post is
    published by exactly one of them. (More workers, in threads: test_settings_db.py.)"""
    url = postgres.create_database("together")
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("CREATORPOST_")},
           "CREATORPOST_DATABASE_URL": url, "CREATORPOST_REVIEW_DELAY_SECONDS": "1", "PYTHONUNBUFFERED": "1"}
    worker = subprocess.Popen([sys.executable, "-m", "creatorpost.server.cli", "worker"], cwd=ROOT,
                              env={**env, "CREATORPOST_DATA_DIR": str(tmp_path / "worker")},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    worker_log = ProcessLines(worker.stderr)
    server = start_server(tmp_path / "server", fake_dist, env=database_env(url) | {
        "CREATORPOST_REVIEW_DELAY_SECONDS": "1", "CREATORPOST_RATE_LIMIT_BURST": "1000"})
    try:
        assert worker_log.wait_for('"review.started"', 60), "the worker did not start:\n" + "".join(worker_log.seen)
        with server.client("demo-professional") as client:
            with concurrent.futures.ThreadPoolExecutor(8) as pool:
                ids = list(pool.map(lambda n: client.post(
                    "/api/posts", json=article(coupons=None, title=f"Queue {n}"),
                    headers={"Idempotency-Key": f"together-{n}"}).json()["id"], range(24)))
            statuses = [wait_for_status(client, post_id)["status"] for post_id in ids]
    finally:
        worker.terminate()
        worker.wait(timeout=10)
        server.stop()
    assert server.stderr_path is not None
    assert worker_log.closed(10), "the worker's log pipe stayed open after it ended"
    logs = worker_log.seen + server.stderr_path.read_text().splitlines()
    events = [json.loads(line) for line in logs if line.startswith("{")]
    assert [e for e in events if e["level"] == "error"] == []
    published = Counter(e["post_id"] for e in events if e.get("event") == "review.published")
    assert statuses == ["published"] * len(ids)
    assert published == Counter(ids)  # each post exactly once
