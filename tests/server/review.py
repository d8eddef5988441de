"""Reviewing a held endpoint's queue when a test says so (see the `held_server` fixture)."""

from __future__ import annotations

from sqlalchemy import update

from creatorpost.server.review.worker import ReviewWorker
from creatorpost.server.store import tables as t
from creatorpost.server.store.db import utcnow
from tests.endpoints import InProcessEndpoint


def review_queue(endpoint: InProcessEndpoint) -> int:
    """Make every waiting revision due and review them all now; returns how many were decided."""
    services = endpoint.services
    with services.db.write() as conn:
        conn.execute(update(t.post_revisions).where(t.post_revisions.c.status == "pending_review")
                     .values(review_due_at=utcnow()))
    worker = ReviewWorker(services, name="test")
    decided = 0
    for _ in range(100):  # 20 a round; a bound, never reached by a test's handful of posts
        finished = worker.run_once()
        decided += finished
        if not finished:
            return decided
    raise AssertionError("the review queue did not empty")
