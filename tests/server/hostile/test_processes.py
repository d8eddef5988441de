"""Processes and crashes (issue 10 §6), on SQLite and PostgreSQL: three servers starting together on a
new data folder all start; a review worker killed with -9 has its claimed posts taken over within its
lease; files a crash leaves behind (a media file without its row, `.part` and `.tmp` files) are swept
at the next start, and nothing else is."""

from __future__ import annotations

import concurrent.futures
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import update

from creatorpost.server.app import build_services
from creatorpost.server.review.worker import ReviewWorker
from creatorpost.server.settings import Settings
from creatorpost.server.store import tables as t
from creatorpost.server.store.db import utcnow
from creatorpost.server.store.demo import load_catalog, prepare_database
from creatorpost.server.store.posts import create_post
from tests.endpoints import ROOT, ProcessLines, ServerProcess, end_process, start_server, wait_for_status
from tests.server.conftest import MakeServer, storage_of
from tests.server.hostile.media_data import photo, upload
from tests.server.postgres import database_env
from tests.server.posts_data import article

LEASE_SECONDS = 2.0
AN_HOUR_AGO = time.time() - 2 * 3600


def test_three_servers_start_together_on_a_new_data_folder(tmp_path: Path, fake_dist: Path, database_url: str,
                                                           storage_env: dict[str, str]) -> None:
    """The README says several processes may start together: three `creatorpost serve` on one new data
    folder (and database, and media folder or bucket) all start, draw the catalog pictures between them
    (whole, nothing temporary left), and serve each other's uploads."""
    data_dir = tmp_path / "shared"
    env = {**database_env(database_url), **storage_env}
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        starting = [pool.submit(start_server, data_dir, fake_dist, env) for _ in range(3)]
        servers: list[ServerProcess] = []
        failures = []
        for future in starting:
            try:
                servers.append(future.result())
            except AssertionError as failed:
                failures.append(str(failed))
    try:
        assert failures == []
        pictures = sorted(stored.key for stored in storage_of(data_dir, env).objects("catalog"))
        assert pictures == sorted(f"catalog/{p['id']}.png" for p in load_catalog()["products"])  # no .part left
        with servers[0].client("demo-basic") as first:
            media_id = upload(first, photo(seed=3))
        for server in servers:
            with server.client("demo-basic") as client:
                assert client.get("/healthz").json()["status"] == "ok"
                assert client.get(f"/media/{media_id}").status_code == 200
    finally:
        for server in servers:
            server.stop()


class Worker:
    """A `creatorpost worker` process whose stdout lines a test can wait for."""

    def __init__(self, data_dir: Path, env: dict[str, str]) -> None:
        environment = {**{k: v for k, v in os.environ.items() if not k.startswith("CREATORPOST_")},
                       "CREATORPOST_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1", **env}
        self.process = subprocess.Popen([sys.executable, "-m", "creatorpost.server.cli", "worker"], cwd=ROOT,
                                        env=environment, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.stdout = ProcessLines(self.process.stdout)

    def wait_for_line(self, prefix: str, timeout: float = 60.0) -> str:
        found = self.stdout.wait_for("^" + re.escape(prefix), timeout)
        if found is None:
            raise AssertionError(f"the worker said no {prefix!r} (exit {self.process.poll()})")
        return found.string

    def stop(self) -> None:
        end_process(self.process)


def test_a_killed_workers_posts_are_taken_over(make_server: MakeServer, tmp_path: Path, database_url: str) -> None:
    """A worker claims posts and is killed with -9 before reviewing them: another worker publishes them
    once the dead one's lease has run out (a minute by default, 2 s here), not after five minutes."""
    data_dir = tmp_path / "lease"
    env = {**database_env(database_url), "CREATORPOST_REVIEW_LEASE_SECONDS": str(LEASE_SECONDS)}
    server = make_server({**env, "CREATORPOST_INPROCESS_WORKER": "false"}, data_dir=data_dir)
    with server.client("demo-intermediate") as client:
        ids = [client.post("/api/posts", json=article(coupons=None, title=f"Claimed {n}"),
                           headers={"Idempotency-Key": f"lease-{uuid.uuid4()}"}).json()["id"] for n in range(3)]
        doomed = Worker(data_dir, {**env, "CREATORPOST_FAULT_INJECT": "review-after-claim"})
        survivor: Worker | None = None
        try:
            claimed = doomed.wait_for_line("FAULT review-after-claim").split()[3:]
            assert sorted(claimed) == sorted(ids)
            doomed.process.send_signal(signal.SIGKILL)
            doomed.process.wait(timeout=10)
            killed_at = time.monotonic()
            survivor = Worker(data_dir, env)
            statuses = [wait_for_status(client, post_id, timeout=LEASE_SECONDS + 30)["status"] for post_id in ids]
            took = time.monotonic() - killed_at
        finally:
            doomed.stop()
            if survivor is not None:
                survivor.stop()
    assert statuses == ["published"] * 3
    assert took < LEASE_SECONDS + 30


def test_claims_are_renewed_while_held_and_taken_over_when_stale(tmp_path: Path, database_url: str) -> None:
    """A living worker renews what it still holds before each post; a claim left alone past the lease is
    taken over, and the worker that lost it can no longer finish it."""
    settings = Settings.from_env({"CREATORPOST_DATA_DIR": str(tmp_path), "CREATORPOST_REVIEW_DELAY_SECONDS": "0",
                                  "CREATORPOST_REVIEW_LEASE_SECONDS": "60", **database_env(database_url)})
    svc = build_services(settings)
    prepare_database(svc.db, settings)
    for number in range(2):
        create_post(svc.db, creator_id="c_demo_intermediate", key=f"renew-{number}", request_sha256="x",
                    post=article(coupons=None), rules_version="1", platform="desktop", review_delay_seconds=0,
                    answer_extra={})
    first, second = ReviewWorker(svc, name="first"), ReviewWorker(svc, name="second")
    held = sorted(row.post_id for row in first.claim())
    assert len(held) == 2 and second.claim() == []
    stale = utcnow() - first.lease * 2
    with svc.db.write() as conn:  # the first worker went quiet on one post for two leases
        conn.execute(update(t.post_revisions).where(t.post_revisions.c.post_id == held[0]).values(claimed_at=stale))
    assert [row.post_id for row in second.claim()] == [held[0]]
    assert first.renew() == 1  # it still holds the other one, now stamped afresh
    assert second.claim() == []
    assert first.finish(held[0], 1, []) is False and second.finish(held[0], 1, []) is True
    svc.db.dispose()


def test_leftovers_of_a_crash_are_swept_at_start(make_server: MakeServer, tmp_path: Path, database_url: str) -> None:
    """Killed between writing an upload's file and its row, the server leaves a file no row names; with `.part`
    files (a photo's, a catalog picture's) and a `.tmp` file of other crashes, the next start removes them once
    they are older than an hour (another process may be mid-upload), and leaves every file a row names, every
    catalog picture and every newer file. (The same in a bucket: tests/server/test_object_storage.py.)"""
    data_dir = tmp_path / "crash"
    env = database_env(database_url)
    server = make_server({**env, "CREATORPOST_FAULT_INJECT": "media-before-row"}, data_dir=data_dir)
    client = server.client("demo-basic")
    attempt = threading.Thread(target=lambda: _swallow(lambda: upload(client, photo(seed=9))), daemon=True)
    attempt.start()
    orphan_id = server.wait_for_line(r"^FAULT media-before-row (m_\w+)").group(1)
    server.kill_hard()
    attempt.join(timeout=10)
    folder = data_dir / "media" / "c_demo_basic"
    orphan = folder / f"{orphan_id}.jpeg"
    assert orphan.is_file()
    leftovers = [orphan, folder / f"{orphan_id}.jpeg.k2j4h.part",
                 data_dir / "media" / "catalog" / "1005001234567890.png.x1_y.part",
                 data_dir / "cache" / "gzip" / "abc.tmp"]
    fresh = folder / f"m_{uuid.uuid4().hex}.jpeg"  # as if another process were between file and row now
    for path in leftovers[1:] + [fresh]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"left behind")
    for path in leftovers:
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))

    restarted = make_server(env, data_dir=data_dir)
    swept = restarted.wait_for_events("leftovers.swept")[0]
    assert (swept["media_removed"], swept["temporary_removed"], swept["stopped_early"]) == (3, 1, False)
    assert [path for path in leftovers if path.exists()] == [] and fresh.is_file()
    assert len(list((data_dir / "media" / "catalog").glob("*.png"))) == len(load_catalog()["products"])
    with restarted.client("demo-basic") as again:
        kept = upload(again, photo(seed=9))  # the same photo again: a new id, and its file stays
        assert kept != orphan_id and again.get(f"/media/{kept}").status_code == 200
    again_started = make_server(env, data_dir=data_dir)
    assert again_started.wait_for_events("leftovers.swept")[0]["media_removed"] == 0


def _swallow(call: Any) -> None:
    try:
        call()
    except (httpx.HTTPError, AssertionError):
        pass  # the server died under this request, as intended
