"""Configuration errors name their variable; the migrated database matches the table definitions;
several review workers never publish a post twice."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from creatorpost.server.app import build_services
from creatorpost.server.review.worker import ReviewWorker
from creatorpost.server.settings import SETTINGS_DOC, Settings, SettingsError, documented_fields
from creatorpost.server.store import tables as t
from creatorpost.server.store.demo import prepare_database
from creatorpost.server.store.posts import create_post
from tests.server.conftest import MakeApp
from tests.server.postgres import database_env
from tests.server.posts_data import article


@pytest.mark.parametrize(("env", "named"), [
    ({"CREATORPOST_MODE": "staging"}, "CREATORPOST_MODE"),
    ({"CREATORPOST_REVIEW_DELAY_SECONDS": "soon"}, "CREATORPOST_REVIEW_DELAY_SECONDS"),
    ({"CREATORPOST_RATE_LIMIT_PER_MINUTE": "0"}, "CREATORPOST_RATE_LIMIT_PER_MINUTE"),
    ({"CREATORPOST_CORS_ORIGINS": "127.0.0.2:8000"}, "CREATORPOST_CORS_ORIGINS"),
    ({"CREATORPOST_DEBUG": "maybe"}, "CREATORPOST_DEBUG"),
    ({"CREATORPOST_PARTNER_ORIGINS": "https://shop.example/blog"}, "CREATORPOST_PARTNER_ORIGINS"),
    ({"CREATORPOST_PARTNER_ORIGINS": "*"}, "CREATORPOST_PARTNER_ORIGINS"),
    ({"CREATORPOST_PRODUCT_PROVIDER": "affiliate"}, "CREATORPOST_AFFILIATE_APP_KEY"),
    ({"CREATORPOST_MEDIA_URL": "ftp://files.example/media"}, "CREATORPOST_MEDIA_URL"),
    ({"CREATORPOST_MEDIA_URL": "s3://Not_A_Bucket/media"}, "CREATORPOST_MEDIA_URL"),
    ({"CREATORPOST_MEDIA_URL": "s3://creatorpost/../media"}, "CREATORPOST_MEDIA_URL"),
    ({"CREATORPOST_MEDIA_REDIRECT": "presigned"}, "CREATORPOST_MEDIA_REDIRECT"),  # a folder has no presigned URLs
    ({"CREATORPOST_S3_ENDPOINT_URL": "minio.internal:9000"}, "CREATORPOST_S3_ENDPOINT_URL"),
    ({"CREATORPOST_MEDIA_PRESIGNED_SECONDS": "864000"}, "CREATORPOST_MEDIA_PRESIGNED_SECONDS"),
])
def test_bad_settings_name_the_variable(env: dict[str, str], named: str) -> None:
    """A deployer reading the error knows which variable to fix."""
    with pytest.raises(SettingsError, match=named):
        Settings.from_env(env)


def test_defaults_and_documentation(tmp_path: Path) -> None:
    """Every setting is documented; defaults follow docs/ARCHITECTURE.md."""
    assert set(documented_fields()) == set(SETTINGS_DOC)
    settings = Settings.from_env({"CREATORPOST_DATA_DIR": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{(tmp_path / 'creatorpost.db').resolve()}"
    assert (settings.mode, settings.dist, settings.cors_origins) == ("demo", Path("dist"), ())
    assert (settings.media_url, settings.media_redirect) == ((tmp_path / "media").resolve().as_uri(), "stream")
    bucket = Settings.from_env({"CREATORPOST_MEDIA_URL": "s3://creatorpost-media//prod/photos/",
                                "CREATORPOST_MEDIA_REDIRECT": "presigned"})
    assert (bucket.media_location.bucket, bucket.media_location.prefix) == ("creatorpost-media", "prod/photos")
    assert Settings.from_env({"CREATORPOST_MODE": "production"}).review_delay_seconds == 300


def test_migrations_match_the_tables(tmp_path: Path, database_url: str) -> None:
    """Alembic's schema and schema_tables.py never drift apart, on SQLite and on PostgreSQL."""
    svc = build_services(Settings.from_env({"CREATORPOST_DATA_DIR": str(tmp_path), **database_env(database_url)}))
    svc.db.migrate()
    svc.db.migrate()  # a second run is a no-op
    with svc.db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), t.metadata) == []


def test_competing_workers_publish_each_post_once(tmp_path: Path, database_url: str) -> None:
    """Four workers racing over one queue finish every post exactly once (PostgreSQL: SKIP LOCKED claims)."""
    settings = Settings.from_env({"CREATORPOST_DATA_DIR": str(tmp_path), "CREATORPOST_REVIEW_DELAY_SECONDS": "0",
                                  **database_env(database_url)})
    svc = build_services(settings)
    prepare_database(svc.db, settings)
    for number in range(40):
        create_post(svc.db, creator_id="c_demo_intermediate", key=f"k{number}", request_sha256="x",
                    post=article(coupons=None), rules_version="1", platform="desktop", review_delay_seconds=0,
                    answer_extra={})
    workers = [ReviewWorker(svc, name=f"w{i}") for i in range(4)]
    finished: list[int] = []
    threads = [threading.Thread(target=lambda w=w: finished.append(sum(w.run_once() for _ in range(5))))
               for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with svc.db.read() as conn:
        published = conn.execute(select(func.count()).select_from(t.post_revisions)
                                 .where(t.post_revisions.c.status == "published"))
        assert published.scalar_one() == 40
    assert sum(finished) == 40


def test_cli_creates_creators_for_production(make_app: MakeApp, tmp_path: Path) -> None:
    """`create-creator` and `issue-token` give working tokens in production mode; `schema` prints JSON Schema."""
    import json
    import os
    import subprocess
    import sys

    from tests.endpoints import ROOT

    data_dir = tmp_path / "prod"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("CREATORPOST_")},
           "CREATORPOST_DATA_DIR": str(data_dir), "CREATORPOST_MODE": "production"}

    def cli(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "creatorpost.server.cli", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    created = json.loads(cli("create-creator", "alice", "--level", "senior", "--store", "912345678"))
    second = cli("issue-token", "alice").strip()
    assert json.loads(cli("schema"))["type"] == "object"
    running = make_app({"CREATORPOST_MODE": "production"}, data_dir=data_dir)
    for token in (created["token"], second):
        with running.client(token) as client:
            me = client.get("/api/creators/me").json()
        assert (me["handle"], me["level"], [s["id"] for s in me["stores"]]) == ("alice", "senior", ["912345678"])
    bad = subprocess.run([sys.executable, "-m", "creatorpost.server.cli", "migrate"], cwd=ROOT,
                         env={**env, "CREATORPOST_MODE": "prod"}, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "CREATORPOST_MODE" in bad.stderr
