"""Whether the 24-hour promise is kept, in figures (GET /api/review/stats, /healthz).

"Waiting" counts every revision not decided yet, at either stage (the automatic checks' or a person's),
from the moment it was sent (Create, or an update): that is when the help page's 24 hours start.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from creatorpost.server.store import tables as t
from creatorpost.server.store.db import Database, as_utc
from creatorpost.server.store.posts import HUMAN_REVIEW, UNDECIDED

DECISION_WINDOW = timedelta(days=1)


def nearest_rank(sorted_values: list[float], share: float) -> float:
    """The value below which `share` of the values lie, by the nearest-rank method (no interpolation)."""
    rank = max(1, math.ceil(share * len(sorted_values)))
    return sorted_values[rank - 1]


@dataclass(frozen=True)
class Figures:
    queue: int  # waiting for a person
    pending: int  # waiting at either stage
    oldest_waiting_seconds: float | None
    at_risk: int  # waiting longer than the at-risk threshold (20 hours)
    stuck: int  # waiting longer than the promise (24 hours)
    decisions: int  # taken over the last day
    median_seconds: float | None  # from sending to decision, over the last day
    p95_seconds: float | None

    def to_json(self, *, promise_seconds: float, at_risk_seconds: float) -> dict[str, Any]:
        return {
            "queue": self.queue,
            "pending": self.pending,
            "oldest_waiting_seconds": self.oldest_waiting_seconds,
            "at_risk": self.at_risk,
            "stuck": self.stuck,
            "decision_seconds": {"window_seconds": DECISION_WINDOW.total_seconds(), "count": self.decisions,
                                 "median": self.median_seconds, "p95": self.p95_seconds},
            "at_risk_seconds": at_risk_seconds,
            "promise_seconds": promise_seconds,
        }


def review_figures(db: Database, now: datetime, *, promise_seconds: float, at_risk_seconds: float) -> Figures:
    rev = t.post_revisions.c
    undecided = rev.status.in_(UNDECIDED)
    with db.read() as conn:
        queue = conn.execute(select(func.count()).where(rev.status == HUMAN_REVIEW)).scalar_one()
        pending, oldest = conn.execute(select(func.count(), func.min(rev.created_at)).where(undecided)).one()
        at_risk = conn.execute(select(func.count()).where(
            undecided, rev.created_at < now - timedelta(seconds=at_risk_seconds))).scalar_one()
        stuck = conn.execute(select(func.count()).where(
            undecided, rev.created_at < now - timedelta(seconds=promise_seconds))).scalar_one()
        taken = conn.execute(select(t.review_decisions.c.revision_created_at, t.review_decisions.c.decided_at)
                             .where(t.review_decisions.c.decided_at >= now - DECISION_WINDOW)).all()
    durations = sorted(max(0.0, (as_utc(d) - as_utc(c)).total_seconds())  # type: ignore[operator]
                       for c, d in taken)
    oldest_at = as_utc(oldest)
    return Figures(
        queue=int(queue), pending=int(pending),
        oldest_waiting_seconds=round((now - oldest_at).total_seconds(), 1) if oldest_at is not None else None,
        at_risk=int(at_risk), stuck=int(stuck), decisions=len(durations),
        median_seconds=round(statistics.median(durations), 1) if durations else None,
        p95_seconds=round(nearest_rank(durations, 0.95), 1) if durations else None,
    )
