"""Server fixtures: a tiny fake dist/; the endpoint in process for contract tests (`server`,
`backend_server`, `make_app`) and as real `creatorpost serve` processes where the process is the
point (`make_server`)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from creatorpost.server.media.storage import Storage
from tests.endpoints import InProcessEndpoint, ServerProcess, start_in_process, start_server
from tests.server.postgres import PostgresCluster, PostgresMissing, database_env, start_cluster
from tests.server.s3 import S3Missing, S3Server, credentials_env, start_s3

WASM_BYTES = b"\x00asm\x01\x00\x00\x00" + bytes(range(256)) * 4000  # ~1 MB, compressible
INDEX = "<!doctype html><title>Creator Post Studio</title>" + "<p>studio</p>" * 40
GENEROUS_RATE = {"CREATORPOST_RATE_LIMIT_PER_MINUTE": "100000", "CREATORPOST_RATE_LIMIT_BURST": "10000"}
# The databases the endpoint supports; tests that take `database_url` or `backend_server` run on each.
BACKENDS = ("sqlite", "postgresql")
# Where media live (CREATORPOST_MEDIA_URL); tests that take `media_server` or `storage_env` run on each.
STORAGES = ("file", "s3")


def _write_dist(root: Path) -> Path:
    files: dict[str, bytes] = {
        "index.html": INDEX.encode(),
        "_v/abc123/pyodide/pyodide.asm.wasm": WASM_BYTES,
        "_v/abc123/pyodide/pyodide.mjs": b"export const x = 1;\n" * 50,
        "_v/abc123/wheels/creatorpost-0.1.0-py3-none-any.whl": b"PK\x03\x04" + b"w" * 5000,
        "_v/abc123/pyodide/python_stdlib.zip": b"PK\x03\x04" + b"z" * 5000,
        "_v/abc123/app/config.toml": b'[app]\nname = "studio"\n' * 30,
        "_v/abc123/app/icon.png": b"\x89PNG\r\n\x1a\n" + b"p" * 3000,
        "sw.js": b"self.addEventListener('fetch', () => {});\n" * 20,
    }
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    manifest = {"files": {name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
                          for name, data in files.items()}}
    (root / "manifest.json").write_text(json.dumps(manifest))
    return root


@pytest.fixture(scope="session")
def fake_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_dist(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, fake_dist: Path) -> Iterator[InProcessEndpoint]:
    """One demo endpoint (in process) shared by the tests that do not need special settings."""
    running = start_in_process(tmp_path_factory.mktemp("data"), fake_dist, env=GENEROUS_RATE)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """A throwaway PostgreSQL cluster for the whole run (skips, saying how to install it, when absent)."""
    pytest.importorskip("psycopg", reason="the PostgreSQL driver is missing: pip install -e '.[server]'")
    try:
        cluster = start_cluster()
    except PostgresMissing as missing:
        pytest.skip(str(missing))
    yield cluster
    cluster.stop()


def backend_env(request: pytest.FixtureRequest, name: str) -> dict[str, str]:
    """What puts an endpoint on a fixture's database parameter: a PostgreSQL database `name` of its own, or nothing
    (the default, a SQLite file in the data dir)."""
    if request.param != "postgresql":
        return {}
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    return database_env(cluster.create_database(name))


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    """"" (the default: a SQLite file in the data dir) or the URL of a new, empty PostgreSQL database."""
    if request.param == "sqlite":
        return ""
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    return cluster.create_database()


@pytest.fixture(scope="session", params=BACKENDS)
def backend_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                   fake_dist: Path) -> Iterator[InProcessEndpoint]:
    """The shared demo endpoint on each database: SQLite (the `server` fixture itself) and PostgreSQL."""
    if request.param == "sqlite":
        yield request.getfixturevalue("server")
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    running = start_in_process(tmp_path_factory.mktemp("pg-data"), fake_dist,
                               env={**GENEROUS_RATE, **database_env(cluster.create_database("shared"))})
    yield running
    running.stop()


@pytest.fixture(scope="session", params=BACKENDS)
def held_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                fake_dist: Path) -> Iterator[InProcessEndpoint]:
    """The demo endpoint on each database with review held: no worker runs, so a test decides when
    the queue is reviewed (`tests.server.review.review_queue`) and can look at everything in between."""
    held = {**GENEROUS_RATE, "CREATORPOST_REVIEW_DELAY_SECONDS": "3600", "CREATORPOST_INPROCESS_WORKER": "false",
            **backend_env(request, "held")}
    running = start_in_process(tmp_path_factory.mktemp(f"held-{request.param}"), fake_dist, env=held)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def s3() -> Iterator[S3Server]:
    """moto's S3 server for the whole run (skips, saying how to install it, when absent). While it runs, this
    process's AWS_* variables are its test credentials (in-process endpoints read them as boto3 does), never
    a developer's own."""
    try:
        running = start_s3()
    except S3Missing as missing:
        pytest.skip(str(missing))
    saved = {k: v for k, v in os.environ.items() if k.startswith("AWS_")}
    for name in saved:
        del os.environ[name]
    os.environ.update(credentials_env())
    yield running
    for name in [k for k in os.environ if k.startswith("AWS_")]:
        del os.environ[name]
    os.environ.update(saved)
    running.stop()


@pytest.fixture(params=STORAGES)
def storage_env(request: pytest.FixtureRequest) -> dict[str, str]:
    """{} (the default: a folder in the data dir) or the environment for a new, empty bucket on moto's server."""
    if request.param == "file":
        return {}
    s3: S3Server = request.getfixturevalue("s3")
    return s3.env(s3.create_bucket())


@pytest.fixture(scope="session", params=STORAGES)
def media_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                 fake_dist: Path) -> Iterator[InProcessEndpoint]:
    """The shared demo endpoint on each media storage: a folder (with SQLite: the `server` fixture itself) and a
    bucket (with PostgreSQL, as processes on several machines share them)."""
    if request.param == "file":
        yield request.getfixturevalue("server")
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    s3: S3Server = request.getfixturevalue("s3")
    running = start_in_process(tmp_path_factory.mktemp("s3-data"), fake_dist,
                               env={**GENEROUS_RATE, **database_env(cluster.create_database("media")),
                                    **s3.env(s3.create_bucket("media"))})
    yield running
    running.stop()


def storage_of(data_dir: Path, env: dict[str, str]) -> Storage:
    """The media storage an endpoint with this data dir and environment uses (to look behind its answers)."""
    from creatorpost.server.media.files import MediaStore
    from creatorpost.server.settings import Settings

    return MediaStore.from_settings(Settings.from_env({"CREATORPOST_DATA_DIR": str(data_dir), **env})).storage


MakeServer = Callable[..., ServerProcess]
MakeApp = Callable[..., InProcessEndpoint]


@pytest.fixture
def make_server(tmp_path: Path, fake_dist: Path) -> Iterator[MakeServer]:
    """Start real endpoint processes with their own settings; all are stopped after the test."""
    started: list[ServerProcess] = []

    def make(env: dict[str, str] | None = None, data_dir: Path | None = None,
             host: str = "127.0.0.1") -> ServerProcess:
        running = start_server(data_dir or tmp_path / f"data{len(started)}", fake_dist, env, host)
        started.append(running)
        return running

    yield make
    for running in started:
        running.stop()


@pytest.fixture
def make_app(tmp_path: Path, fake_dist: Path) -> Iterator[MakeApp]:
    """Start in-process endpoints with their own settings; all are stopped after the test."""
    started: list[InProcessEndpoint] = []

    def make(env: dict[str, str] | None = None, data_dir: Path | None = None) -> InProcessEndpoint:
        running = start_in_process(data_dir or tmp_path / f"app{len(started)}", fake_dist, env)
        started.append(running)
        return running

    yield make
    for running in started:
        running.stop()
