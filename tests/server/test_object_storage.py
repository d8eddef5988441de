"""Media in an S3-compatible bucket (moto's server on loopback): endpoint processes that share a database and a
bucket serve each other's uploads, a worker of its own publishes, a delete through one process takes effect in
both, `creatorpost sweep` removes what a crash left;
a large photo goes up in parts; a bucket that does not answer is a coded 503, never a row without its bytes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from PIL import Image

from creatorpost.server.store import tables as t
from creatorpost.server.store.demo import load_catalog
from tests.endpoints import ROOT, TEST_ENV, wait_for_status
from tests.server.conftest import MakeApp, MakeServer
from tests.server.hostile.media_data import photo, upload
from tests.server.postgres import PostgresCluster, database_env
from tests.server.posts_data import article
from tests.server.s3 import S3Server


def _env(data_dir: Path, env: Mapping[str, str]) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CREATORPOST_")}
    return {**clean, "CREATORPOST_DATA_DIR": str(data_dir), **TEST_ENV, **env}


@contextmanager
def worker_process(data_dir: Path, env: Mapping[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """`creatorpost worker` in a process of its own until the block ends."""
    data_dir.mkdir(parents=True, exist_ok=True)
    worker = subprocess.Popen([sys.executable, "-m", "creatorpost.server.cli", "worker"], cwd=ROOT,
                              env=_env(data_dir, env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield worker
    finally:
        worker.terminate()
        worker.wait(timeout=10)


def sweep_command(data_dir: Path, env: Mapping[str, str], *args: str) -> dict[str, Any]:
    """`creatorpost sweep ARGS`: what it printed."""
    done = subprocess.run([sys.executable, "-m", "creatorpost.server.cli", "sweep", *args], cwd=ROOT,
                          env=_env(data_dir, env), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def followed(answer: httpx.Response) -> httpx.Response:
    """What a browser's <img> ends up with: the answer, or a GET of the presigned URL it redirects to."""
    if answer.status_code != 302:
        return answer
    with httpx.Client(timeout=30) as browser:
        return browser.get(answer.headers["location"])


def _swallow(call: Any) -> None:
    try:
        call()
    except (httpx.HTTPError, AssertionError):
        pass  # the server died under this request, as intended


def test_two_processes_share_one_database_and_one_bucket(make_server: MakeServer, tmp_path: Path,
                                                         postgres: PostgresCluster, s3: S3Server) -> None:
    """PostgreSQL + a bucket, two `serve` processes with data folders of their own (one streams photos, the other
    hands out presigned URLs) and a `worker`: a photo uploaded through one is the other's to serve, to its owner
    only until a post shows it, then to anyone, and to its owner only again once the post is deleted; a crash's
    object without a row and an upload in parts that never finished stay while young and go with
    `creatorpost sweep`."""
    bucket = s3.create_bucket("shared")
    env = {**database_env(postgres.create_database("shared")), **s3.env(bucket),
           "CREATORPOST_INPROCESS_WORKER": "false"}
    first = make_server(env, data_dir=tmp_path / "first")
    second = make_server({**env, "CREATORPOST_MEDIA_REDIRECT": "presigned"}, data_dir=tmp_path / "second")
    with first.client("demo-intermediate") as owner_first, second.client("demo-intermediate") as owner_second, \
            first.client() as reader_first, second.client() as reader_second:
        media_id = upload(owner_first, photo(seed=500))
        key = f"media/c_demo_intermediate/{media_id}.jpeg"
        assert key in s3.keys(bucket)
        assert [p for p in (tmp_path / "first" / "media").rglob("*") if p.is_file()] == []  # nothing on a disk
        stored = owner_first.get(f"/media/{media_id}")
        assert stored.status_code == 200 and stored.content[:2] == b"\xff\xd8"

        by_the_other = owner_second.get(f"/media/{media_id}")
        assert by_the_other.status_code == 302
        assert followed(by_the_other).content == stored.content
        assert reader_first.get(f"/media/{media_id}").status_code == 404
        assert reader_second.get(f"/media/{media_id}").status_code == 404

        created = owner_second.post("/api/posts", json=article(coupons=None, banner={"media_id": media_id}),
                                    headers={"Idempotency-Key": f"shared-{uuid.uuid4()}"})
        assert created.status_code == 202, created.text
        with worker_process(tmp_path / "worker", env):
            assert wait_for_status(owner_first, created.json()["id"])["status"] == "published"
        assert reader_first.get(f"/media/{media_id}").content == stored.content
        assert followed(reader_second.get(f"/media/{media_id}")).content == stored.content
        assert f'src="/media/{media_id}"' in reader_second.get(f"/p/{created.json()['id']}").text
        catalog_picture = followed(reader_second.get(f"/catalog/images/{load_catalog()['products'][0]['id']}.png"))
        assert catalog_picture.status_code == 200 and catalog_picture.content[:4] == b"\x89PNG"

        # Taken down through one process: neither serves the photo to readers any more, both to its owner.
        assert owner_first.delete(f"/api/posts/{created.json()['id']}").status_code == 204
        assert reader_first.get(f"/media/{media_id}").status_code == 404
        assert reader_second.get(f"/media/{media_id}").status_code == 404
        assert followed(owner_second.get(f"/media/{media_id}")).content == stored.content
        assert key in s3.keys(bucket)  # its row stays (the creator may use it again), so the sweep keeps it

    crashing = make_server({**env, "CREATORPOST_FAULT_INJECT": "media-before-row"}, data_dir=tmp_path / "third")
    client = crashing.client("demo-basic")
    attempt = threading.Thread(target=lambda: _swallow(lambda: upload(client, photo(seed=501))), daemon=True)
    attempt.start()
    orphan_id = crashing.wait_for_line(r"^FAULT media-before-row (m_\w+)").group(1)
    orphan = f"media/c_demo_basic/{orphan_id}.jpeg"
    crashing.kill_hard()
    attempt.join(timeout=10)
    assert orphan in s3.keys(bucket)

    restarted = make_server(env, data_dir=tmp_path / "third")
    swept = restarted.wait_for_events("leftovers.swept")[0]
    assert (swept["storage"], swept["media_removed"]) == ("s3", 0)  # younger than an hour: maybe a row is coming
    # An upload in parts that a crash left unfinished (moto dates every one 2010-11-10: always old here).
    objects = s3.client()
    unfinished = objects.create_multipart_upload(Bucket=bucket, Key=f"media/c_demo_basic/m_{uuid.uuid4().hex}.png")
    objects.upload_part(Bucket=bucket, Key=unfinished["Key"], UploadId=unfinished["UploadId"], PartNumber=1,
                        Body=b"a first part")
    stored_objects = len(s3.keys(bucket))
    assert sweep_command(tmp_path / "third", env, "--older-than", "0") == {
        "storage": f"s3://{bucket}/media", "seen": stored_objects, "removed": 1, "uploads_aborted": 1,
        "stopped_early": False}
    left = s3.keys(bucket)
    assert orphan not in left and key in left
    assert len([k for k in left if k.startswith("media/catalog/")]) == len(load_catalog()["products"])
    assert objects.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    with restarted.client("demo-intermediate") as owner:
        assert owner.get(f"/media/{media_id}").content == stored.content


def test_sweep_command_removes_only_old_objects_without_rows(make_app: MakeApp, tmp_path: Path,
                                                             storage_env: dict[str, str]) -> None:
    """`creatorpost sweep --older-than N`: a photo no row names goes once it is older than N seconds, never before;
    photos with rows, catalog pictures and objects that are not ours stay (a folder and a bucket alike)."""
    data_dir = tmp_path / "data"
    running = make_app(storage_env, data_dir=data_dir)
    with running.client("demo-basic") as owner:
        kept = upload(owner, photo(seed=510))
    storage = running.services.store.storage
    orphan = f"c_demo_basic/m_{uuid.uuid4().hex}.jpeg"
    storage.put(orphan, photo(seed=511), "image/jpeg")
    storage.put("c_demo_basic/notes.txt", b"someone else's", "text/plain")
    running.stop()

    assert sweep_command(data_dir, storage_env, "--older-than", "3600")["removed"] == 0
    assert storage.size(orphan) is not None
    assert sweep_command(data_dir, storage_env, "--older-than", "0")["removed"] == 1
    assert storage.size(orphan) is None
    assert storage.size(f"c_demo_basic/{kept}.jpeg") is not None
    assert storage.size("c_demo_basic/notes.txt") is not None
    assert len([o for o in storage.objects("catalog")]) == len(load_catalog()["products"])


def test_a_large_photo_goes_up_in_parts(make_app: MakeApp, s3: S3Server) -> None:
    """A photo the image step keeps at 14 MB (a transparent PNG) is stored in 8 MiB parts and served whole."""
    bucket = s3.create_bucket("large")
    running = make_app(s3.env(bucket))
    image = Image.frombytes("RGBA", (1900, 1900), os.urandom(1900 * 1900 * 4))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)
    with running.client("demo-basic") as owner:
        answer = owner.post("/api/media", files={"file": ("big.png", buffer.getvalue(), "image/png")})
        assert answer.status_code == 201, answer.text
        body = answer.json()
        served = owner.get(f"/media/{body['id']}")
    assert body["format"] == "png" and body["bytes"] > 8 * 1024 * 1024
    head = s3.client().head_object(Bucket=bucket, Key=f"media/c_demo_basic/{body['id']}.png")
    assert head["ETag"].strip('"').endswith("-2")  # S3's mark of an object put in two parts
    assert len(served.content) == body["bytes"]
    with Image.open(io.BytesIO(served.content)) as again:
        assert again.tobytes() == image.tobytes()


def test_a_bucket_that_does_not_answer_is_a_coded_503(make_app: MakeApp, s3: S3Server) -> None:
    """No bucket behind the address: the upload is refused with 503 media.storage_unavailable in the creator's
    language and leaves no row; /healthz stays 200 (every process shares the bucket) but says so."""
    running = make_app(s3.env("no-such-bucket-here"))
    with running.client("demo-basic", **{"Accept-Language": "fr"}) as owner:
        answer = owner.post("/api/media", files={"file": ("a.jpg", photo(seed=520), "image/jpeg")})
        health = owner.get("/healthz")
    assert answer.status_code == 503 and answer.headers["retry-after"] == "30"
    error = answer.json()["error"]
    assert (error["code"], error["field"]) == ("media.storage_unavailable", "file")
    assert error["message"].startswith("Les photos ne peuvent pas")
    with running.services.db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(t.media)
                            .where(t.media.c.creator_id == "c_demo_basic")).scalar_one() == 0
    assert health.status_code == 200
    assert (health.json()["status"], health.json()["storage"]) == ("degraded", {"kind": "s3", "status": "error"})


def test_a_folder_synced_into_a_bucket_is_the_same_media(make_app: MakeApp, tmp_path: Path, s3: S3Server) -> None:
    """docs/DEPLOY.md's move from one machine to a bucket: `aws s3 sync data/media s3://BUCKET/PREFIX` (each file
    put under PREFIX with its path as the rest of its key, as the CLI does), then every process started with the
    bucket: the photos and catalog pictures are served as before, and the sweep finds nothing without its row."""
    data_dir = tmp_path / "data"
    one_machine = make_app({}, data_dir=data_dir)
    with one_machine.client("demo-basic") as owner:
        media_id = upload(owner, photo(seed=520))
        before = owner.get(f"/media/{media_id}").content
        picture = owner.get("/catalog/images/1005001234567890.png").content
    one_machine.stop()

    bucket = s3.create_bucket("moved")
    folder = data_dir / "media"
    files = [path for path in folder.rglob("*") if path.is_file()]
    for path in files:
        s3.client().put_object(Bucket=bucket, Key="media/" + path.relative_to(folder).as_posix(), Body=path.read_bytes())
    assert any(path.name == f"{media_id}.jpeg" for path in files)

    env = s3.env(bucket)
    assert sweep_command(data_dir, env, "--older-than", "0")["removed"] == 0
    moved = make_app(env, data_dir=data_dir)
    with moved.client("demo-basic") as owner, moved.client("demo-senior") as other:
        assert followed(owner.get(f"/media/{media_id}")).content == before
        assert other.get(f"/media/{media_id}").status_code == 404  # still the owner's alone
        assert followed(owner.get("/catalog/images/1005001234567890.png")).content == picture
    assert len(s3.keys(bucket, "media/")) == len(files)  # nothing had to be drawn again under keys of its own
