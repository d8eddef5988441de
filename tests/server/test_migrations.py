"""Migrating a database that holds posts from before revisions (0001, then 0002_hardening) keeps every post as
revision 1; going back to 0002_hardening keeps each post's newest revision, and forward again works; going back
before the review desk (0004_review) hands its waiting posts back to the automatic checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, insert, select

from creatorpost.server.store import tables as t
from creatorpost.server.store.db import Database, as_utc
from creatorpost.server.store.posts import HUMAN_REVIEW, PUBLISHED, write_revision
from creatorpost.server.store.review_decisions import record_decision
from creatorpost.server.store.reviewers import add_reviewer, reviewer_holder
from tests.server.migrations import downgrade_to, migration_head, upgrade_to

BANNER, PHOTO = "m_" + "b" * 32, "m_" + "c" * 32


def test_posts_of_before_revisions_survive_the_upgrade(database_url: str, tmp_path: Path) -> None:
    """A published and a pending post written by the first schema are revision 1 afterwards: the
    published one still shows, with its blocks and its banner, and nothing else is lost (SQLite and PostgreSQL)."""
    db = Database(database_url or f"sqlite:///{tmp_path / 'old.db'}")
    try:
        upgrade_to(db.engine, "0001")
        old = MetaData()
        old.reflect(db.engine)
        created = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
        published = {"schema": 1, "type": "article", "title": "Old and live", "banner": {"media_id": BANNER},
                     "blocks": [{"kind": "text", "text": "Hello"}]}
        with db.engine.begin() as conn:
            conn.execute(insert(old.tables["creators"]).values(id="c_1", handle="ann", display_name="Ann",
                                                               level="senior", created_at=created))
            conn.execute(insert(old.tables["media"]).values(id=BANNER, creator_id="c_1", format="jpeg", width=900,
                                                            height=600, bytes=1000, created_at=created))
            for post_id, status, body, reviewed in (("p_live", "published", published, created + timedelta(minutes=5)),
                                                    ("p_wait", "pending_review", {"title": "Waiting"}, None)):
                conn.execute(insert(old.tables["posts"]).values(
                    id=post_id, creator_id="c_1", status=status, title=body["title"], body=body, rules_version="1",
                    platform="desktop", created_at=created, review_due_at=created, reviewed_at=reviewed, reasons=[]))
            conn.execute(insert(old.tables["post_blocks"]).values(post_id="p_live", position=0, kind="text",
                                                                  data={"kind": "text", "text": "Hello"}))
            conn.execute(insert(old.tables["idempotency_keys"]).values(
                creator_id="c_1", key="k1", request_sha256="x", post_id="p_live", status_code=202, response={},
                created_at=created))

        db.migrate()

        with db.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_heads() == (migration_head(),)
            assert compare_metadata(MigrationContext.configure(conn), t.metadata) == []
            posts = {r.id: (r.revision, r.published_revision, as_utc(r.updated_at)) for r in conn.execute(select(t.posts))}
            revisions = sorted((r.post_id, r.revision, r.status, r.title, r.body)
                               for r in conn.execute(select(t.post_revisions)))
            blocks = [(r.post_id, r.revision, r.position) for r in conn.execute(select(t.post_blocks))]
            media = [(r.post_id, r.revision, r.media_id) for r in conn.execute(select(t.post_media))]
            keys = [r.post_id for r in conn.execute(select(t.idempotency_keys))]
    finally:
        db.dispose()
    assert posts == {"p_live": (1, 1, created + timedelta(minutes=5)), "p_wait": (1, None, created)}
    assert revisions == [("p_live", 1, "published", "Old and live", published),
                         ("p_wait", 1, "pending_review", "Waiting", {"title": "Waiting"})]
    assert blocks == [("p_live", 1, 0)]
    assert media == [("p_live", 1, BANNER)]
    assert keys == ["p_live"]


def test_revisions_go_back_to_one_row_per_post_and_forward_again(database_url: str, tmp_path: Path) -> None:
    """Downgrading 0003_lifecycle keeps each live post with its newest revision (text, status, blocks and
    photos) and drops deleted ones; upgrading again gives the schema the code expects (SQLite and PostgreSQL)."""
    db = Database(database_url or f"sqlite:///{tmp_path / 'back.db'}")
    now = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    first = {"title": "First", "banner": {"media_id": BANNER}, "blocks": [{"kind": "text", "text": "one"}]}
    second = {"title": "Second", "blocks": [{"kind": "image", "media_id": PHOTO}, {"kind": "text", "text": "two"}]}
    try:
        db.migrate()
        with db.engine.begin() as conn:
            conn.execute(insert(t.creators).values(id="c_1", handle="ann", display_name="Ann", level="senior",
                                                   created_at=now))
            for media_id in (BANNER, PHOTO):
                conn.execute(insert(t.media).values(id=media_id, creator_id="c_1", format="jpeg", width=900,
                                                    height=600, bytes=1000, created_at=now))
            for post_id, deleted in (("p_kept", None), ("p_gone", now)):
                conn.execute(insert(t.posts).values(id=post_id, creator_id="c_1", revision=2, published_revision=1,
                                                    created_at=now, updated_at=now, deleted_at=deleted))
                for number, body, status in ((1, first, "published"), (2, second, "pending_review")):
                    write_revision(conn, post_id, number, body, rules_version="1", platform="desktop", now=now,
                                   due=now, status=status)

        downgrade_to(db.engine, "0002_hardening")
        with db.engine.connect() as conn:
            old = MetaData()
            old.reflect(conn)
            posts = [(r.id, r.status, r.title, r.body) for r in conn.execute(select(old.tables["posts"]))]
            blocks = [(r.post_id, r.position, r.kind) for r in conn.execute(select(old.tables["post_blocks"]))]
            shown = [(r.post_id, r.media_id) for r in conn.execute(select(old.tables["post_media"]))]
        assert "post_revisions" not in old.tables and "revision" not in old.tables["post_media"].c
        assert posts == [("p_kept", "pending_review", "Second", second)]
        assert sorted(blocks) == [("p_kept", 0, "image"), ("p_kept", 1, "text")]
        assert shown == [("p_kept", PHOTO)]

        db.migrate()
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), t.metadata) == []
            revisions = [(r.post_id, r.revision, r.title) for r in conn.execute(select(t.post_revisions))]
            media = [(r.post_id, r.revision, r.media_id) for r in conn.execute(select(t.post_media))]
    finally:
        db.dispose()
    assert revisions == [("p_kept", 1, "Second")]
    assert media == [("p_kept", 1, PHOTO)]


def test_the_review_desk_goes_back_and_its_waiting_posts_return_to_the_automatic_checks(
        database_url: str, tmp_path: Path) -> None:
    """Downgrading 0004_review, with a post waiting for a person (claimed by a reviewer) and a decision on
    record, drops the desk's tables and hands the waiting revision back to the automatic review (pending);
    upgrading again gives the schema the code expects (SQLite and PostgreSQL)."""
    db = Database(database_url or f"sqlite:///{tmp_path / 'desk.db'}")
    now = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
    try:
        db.migrate()
        reviewer_token = add_reviewer(db, handle="rita", display_name="Rita")
        with db.engine.begin() as conn:
            conn.execute(insert(t.creators).values(id="c_1", handle="ann", display_name="Ann", level="senior",
                                                   created_at=now))
            for post_id, status in (("p_waits", HUMAN_REVIEW), ("p_done", PUBLISHED)):
                conn.execute(insert(t.posts).values(id=post_id, creator_id="c_1", revision=1,
                                                    published_revision=1 if status == PUBLISHED else None,
                                                    created_at=now, updated_at=now))
                write_revision(conn, post_id, 1, {"title": post_id}, rules_version="1", platform="desktop", now=now,
                               due=now, status=status)
            rita = conn.execute(select(t.reviewers.c.id)).scalar_one()
            conn.execute(insert(t.review_queue).values(post_id="p_waits", revision=1, why="every", findings=[],
                                                       flags=" ", language="en", queued_at=now, claimed_by=rita,
                                                       claim_expires_at=now + timedelta(minutes=5)))
            record_decision(conn, post_id="p_done", revision=1, creator_id="c_1", reviewer_id=rita,
                            outcome="approved", reasons=[], note=None, why="every", sent_at=now, now=now)

        downgrade_to(db.engine, "0003_lifecycle")
        with db.engine.connect() as conn:
            old = MetaData()
            old.reflect(conn)
            statuses = sorted((r.post_id, r.status) for r in conn.execute(select(old.tables["post_revisions"])))
        assert not {"reviewers", "reviewer_tokens", "review_queue", "review_decisions"} & set(old.tables)
        assert statuses == [("p_done", "published"), ("p_waits", "pending_review")]

        db.migrate()
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), t.metadata) == []
            assert conn.execute(select(t.review_queue)).all() == []
        assert reviewer_token and reviewer_holder(db, reviewer_token) is None  # the accounts went with the tables
    finally:
        db.dispose()
