"""The 24-hour promise in figures (GET /api/review/stats and /healthz) on a seeded history, and the two roles
kept apart: a reviewer cannot write as a creator, a creator cannot reach the desk."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import insert

from creatorpost.server.store import tables as t
from creatorpost.server.store.db import Database, utcnow
from tests.endpoints import InProcessEndpoint
from tests.server.conftest import GENEROUS_RATE, MakeApp
from tests.server.posts_data import article

HELD = {**GENEROUS_RATE, "CREATORPOST_REVIEW_DELAY_SECONDS": "3600", "CREATORPOST_INPROCESS_WORKER": "false"}
CREATOR = "c_demo_basic"


def _revision(db: Database, post_id: str, status: str, sent: datetime, *, queued: bool = False) -> None:
    with db.write() as conn:
        conn.execute(insert(t.posts).values(id=post_id, creator_id=CREATOR, revision=1, published_revision=None,
                                            created_at=sent, updated_at=sent))
        conn.execute(insert(t.post_revisions).values(
            post_id=post_id, revision=1, status=status, title=post_id, body={"title": post_id}, rules_version="1",
            platform="desktop", created_at=sent, review_due_at=sent))
        if queued:
            conn.execute(insert(t.review_queue).values(post_id=post_id, revision=1, why="every", findings=[], flags=" ",
                                                       language=None, queued_at=sent))


def _decision(db: Database, post_id: str, sent: datetime, decided: datetime) -> None:
    _revision(db, post_id, "published", sent)
    with db.write() as conn:
        conn.execute(insert(t.review_decisions).values(
            post_id=post_id, revision=1, creator_id=CREATOR, reviewer_id=None, outcome="approved", reasons=[],
            note=None, why=None, revision_created_at=sent, decided_at=decided))


def seed_history(db: Database, now: datetime) -> None:
    """Four posts waiting (30 s, 2 h and 21 h in the reviewers' queue or not, one for 25 h), a withdrawn one, twenty
    decisions over the last day taking 1 to 20 minutes, and one from two days ago that took 10 hours."""
    _revision(db, "p_fresh", "pending_review", now - timedelta(seconds=30))
    _revision(db, "p_2h", "human_review", now - timedelta(hours=2), queued=True)
    _revision(db, "p_21h", "human_review", now - timedelta(hours=21), queued=True)
    _revision(db, "p_25h", "pending_review", now - timedelta(hours=25))
    _revision(db, "p_gone", "withdrawn", now - timedelta(hours=30))
    for k in range(1, 21):
        decided = now - timedelta(hours=k)
        _decision(db, f"p_took_{k}m", decided - timedelta(minutes=k), decided)
    _decision(db, "p_long_ago", now - timedelta(days=2, hours=10), now - timedelta(days=2))


def test_figures_of_a_seeded_history(make_app: MakeApp) -> None:
    """Queue 2, waiting 4, oldest 25 h, 2 past 20 hours, 1 past the promise; over the last day 20 decisions with a
    median of 10.5 minutes and a 95th percentile of 19 (the decision of two days ago does not count)."""
    app = make_app(HELD)
    seeded_at = utcnow()
    seed_history(app.services.db, seeded_at)
    with app.client("demo-reviewer") as rita, app.client() as anyone:
        stats = rita.get("/api/review/stats").json()
        health = anyone.get("/healthz").json()
    asked_after = (utcnow() - seeded_at).total_seconds()
    for figures in (stats, health["review"]):
        oldest = figures.pop("oldest_waiting_seconds")
        assert 25 * 3600 <= oldest <= 25 * 3600 + asked_after + 0.1
        assert figures == {"queue": 2, "pending": 4, "at_risk": 2, "stuck": 1, "mode": "auto",
                           "decision_seconds": {"window_seconds": 86400.0, "count": 20, "median": 630.0, "p95": 1140.0},
                           "at_risk_seconds": 72000.0, "promise_seconds": 86400.0}
    assert health["status"] == "degraded"


def test_figures_when_nothing_waits(make_app: MakeApp) -> None:
    """A new installation: nothing waits, no decision yet; the figures say so instead of failing."""
    app = make_app({**HELD, "CREATORPOST_REVIEW_AT_RISK_SECONDS": "3600"})
    with app.client("demo-reviewer") as rita, app.client() as anyone:
        stats = rita.get("/api/review/stats").json()
        health = anyone.get("/healthz").json()
    assert (stats["queue"], stats["pending"], stats["oldest_waiting_seconds"], stats["at_risk"]) == (0, 0, None, 0)
    assert stats["decision_seconds"] == {"window_seconds": 86400.0, "count": 0, "median": None, "p95": None}
    assert stats["at_risk_seconds"] == 3600.0
    assert (health["status"], health["review"]["queue"]) == ("ok", 0)


# -- roles ---------------------------------------------------------------------------------------
def _review_calls(app: InProcessEndpoint) -> list[tuple[str, str]]:
    """Every call of the desk, as /openapi.json describes them (a new one is covered without editing this test)."""
    with app.client() as client:
        paths = client.get("/openapi.json").json()["paths"]
    return [(method.upper(), path.replace("{post_id}", "p_x").replace("{media_id}", "m_" + "0" * 32))
            for path, operations in sorted(paths.items()) if path.startswith("/api/review")
            for method in sorted(operations)]


def _send(client: httpx.Client, method: str, path: str, body: Any = None) -> httpx.Response:
    return client.request(method, path, json=body if method in {"POST", "PUT"} else None)


def test_a_creator_cannot_reach_the_desk_and_a_reviewer_cannot_write(make_app: MakeApp) -> None:
    """A creator's token on any desk call: 403 auth.reviewers_only; a reviewer's token where creators write or read
    their own posts: 403 auth.creators_only; no token: 401; the words say what to do."""
    app = make_app(HELD)
    calls = _review_calls(app)
    assert len(calls) >= 10
    post = article(coupons=None, blocks=article()["blocks"][:2])
    creator_calls = [("POST", "/api/posts", post), ("GET", "/api/posts", None), ("GET", "/api/creators/me", None),
                     ("PUT", "/api/posts/p_x", post), ("DELETE", "/api/posts/p_x", None),
                     ("POST", "/api/posts/validate", post),
                     ("POST", "/api/coupons/verify", {"store_id": "1", "coupon_ids": []})]
    with app.client("demo-professional") as creator, app.client("demo-reviewer") as reviewer, app.client() as nobody:
        from_creator = {(m, p): _send(creator, m, p, {"reasons": ["review.other"], "note": "x"}) for m, p in calls}
        from_reviewer = {(m, p): _send(reviewer, m, p, b) for m, p, b in creator_calls}
        uploads = reviewer.post("/api/media", files={"file": ("x.jpg", b"\xff\xd8\xff", "image/jpeg")})
        anonymous = {(m, p): _send(nobody, m, p) for m, p in calls}
        spanish = creator.get("/api/review/queue", headers={"Accept-Language": "es"}).json()["error"]["message"]
    assert {k: (r.status_code, r.json()["error"]["code"]) for k, r in from_creator.items()} == {
        k: (403, "auth.reviewers_only") for k in from_creator}
    assert {k: (r.status_code, r.json()["error"]["code"]) for k, r in from_reviewer.items()} == {
        k: (403, "auth.creators_only") for k in from_reviewer}
    assert (uploads.status_code, uploads.json()["error"]["code"]) == (403, "auth.creators_only")
    assert {k: (r.status_code, r.json()["error"]["code"]) for k, r in anonymous.items()} == {
        k: (401, "auth.required") for k in anonymous}
    assert spanish == ("Solo los revisores pueden usar el escritorio de revisión. "
                       "Inicia sesión con una cuenta de revisor.")


@pytest.mark.parametrize("path", ["/api/review/queue", "/api/review/{post_id}/claim", "/api/review/{post_id}/reject",
                                  "/api/review/stats", "/api/review/decisions"])
def test_the_desk_is_in_the_openapi_description(server: InProcessEndpoint, path: str) -> None:
    """Partners and tools find every desk call, its errors in the canonical shape, in /openapi.json."""
    with server.client() as client:
        document = client.get("/openapi.json").json()
    operations = document["paths"][path]
    for operation in operations.values():
        assert operation["tags"] == ["review"] and operation["summary"]
        assert {"401", "403"} <= operation["responses"].keys()
    if path.endswith("reject"):
        body = operations["post"]["requestBody"]["content"]["application/json"]["schema"]
        assert body["required"] == ["reasons"] and "422" in operations["post"]["responses"]


def test_a_reviewer_s_token_is_not_a_failed_one_to_the_rate_limiter(make_app: MakeApp) -> None:
    """Tokens that fail to check out are limited per address (CREATORPOST_AUTH_FAILURES_PER_MINUTE); a reviewer's
    token checks out, so a busy desk is never refused as if it guessed tokens, while a made-up one is."""
    app = make_app({**HELD, "CREATORPOST_AUTH_FAILURES_PER_MINUTE": "1"})
    with app.client("demo-reviewer") as rita, app.client("made-up-token") as stranger:
        desk = [rita.get("/api/review/queue").status_code for _ in range(5)]
        guesses = [stranger.get("/api/review/queue").status_code for _ in range(3)]
    assert desk == [200] * 5
    assert guesses[0] == 401 and 429 in guesses


def test_a_queue_item_is_at_risk_by_the_operators_setting(make_app: MakeApp) -> None:
    """Each waiting post says whether it waited past CREATORPOST_REVIEW_AT_RISK_SECONDS (here 1 hour), the line
    the figures count by, so the desk marks the same posts as the figures count."""
    app = make_app({**HELD, "CREATORPOST_REVIEW_AT_RISK_SECONDS": "3600"})
    seed_history(app.services.db, utcnow())
    with app.client("demo-reviewer") as rita:
        items = {i["post_id"]: i for i in rita.get("/api/review/queue").json()["items"]}
        stats = rita.get("/api/review/stats").json()
    assert {post_id: item["at_risk"] for post_id, item in items.items()} == {"p_2h": True, "p_21h": True}
    assert stats["at_risk"] == 3  # and p_25h, waiting for the automatic checks
    fresh = make_app(HELD)
    seed_history(fresh.services.db, utcnow())
    with fresh.client("demo-reviewer") as rita:
        items = {i["post_id"]: i for i in rita.get("/api/review/queue").json()["items"]}
    assert {post_id: item["at_risk"] for post_id, item in items.items()} == {"p_2h": False, "p_21h": True}
