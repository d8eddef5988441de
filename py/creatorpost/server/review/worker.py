"""The review queue: claim due revisions of posts, check them again, publish or reject with reasons.

Claims are row updates guarded by the claim condition, preceded by `SELECT ... FOR UPDATE SKIP
LOCKED` (PostgreSQL; SQLite serialises writers instead), so several workers never review, let
alone publish, the same revision twice. Each revision of a post (Create is revision 1, each update
the next) is reviewed on its own. A claim older than the lease (`CREATORPOST_REVIEW_LEASE_SECONDS`,
a minute) is taken over: its worker died. A living worker renews the claims it still holds before
each revision it reviews, so a slow batch keeps them; a worker killed with -9 loses them within a lease.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import time
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, or_, select, tuple_, update
from starlette.concurrency import run_in_threadpool

from creatorpost import validation
from creatorpost.server import faults
from creatorpost.server.products.provider import ProviderError
from creatorpost.server.review.language import guess_post_language
from creatorpost.server.review.moderation import banned_word_reasons
from creatorpost.server.review.modes import waits_for_person
from creatorpost.server.services import Services
from creatorpost.server.store import tables as t
from creatorpost.server.store.coupons import store_coupons
from creatorpost.server.store.creators import creator_context
from creatorpost.server.store.db import as_utc, utcnow
from creatorpost.server.store.media import media_infos
from creatorpost.server.store.posts import PENDING, UNDECIDED, decide_revision
from creatorpost.server.store.review_decisions import record_automatic_decision
from creatorpost.server.store.review_queue import hand_to_reviewers

log = logging.getLogger("creatorpost.review")

BATCH = 20
MAX_IDLE_SECONDS = 5.0
STUCK_LOG_EVERY_SECONDS = 60.0


class RetryLater(Exception):
    """A check could not run (provider down); the post stays queued."""


class ReviewWorker:
    def __init__(self, svc: Services, name: str = "worker") -> None:
        self.svc = svc
        self.id = f"{name}-{os.getpid()}-{secrets.token_hex(3)}"
        self.lease = timedelta(seconds=svc.settings.review_lease_seconds)
        self._last_stuck_log = 0.0

    # -- queue ------------------------------------------------------------------------------
    def claim(self) -> list[Any]:
        """Due revisions this worker now holds (each row: the revision and its post's creator_id)."""
        now = utcnow()
        stale = now - self.lease
        rev = t.post_revisions.c
        claimable = or_(rev.claimed_by.is_(None), rev.claimed_at < stale)
        with self.svc.db.write() as conn:
            keys = [tuple(k) for k in conn.execute(
                select(rev.post_id, rev.revision)
                .where(rev.status == PENDING, rev.review_due_at <= now, claimable)
                .order_by(rev.review_due_at)
                .limit(BATCH)
                .with_for_update(skip_locked=True)
            )]
            if not keys:
                return []
            chosen = tuple_(rev.post_id, rev.revision).in_(keys)
            conn.execute(update(t.post_revisions).where(chosen, rev.status == PENDING, claimable)
                         .values(claimed_by=self.id, claimed_at=now))
            return list(conn.execute(
                select(t.post_revisions, t.posts.c.creator_id)
                .join(t.posts, t.posts.c.id == rev.post_id)
                .where(chosen, rev.claimed_by == self.id)))

    def finish(self, post_id: str, revision: int, reasons: list[dict[str, Any]]) -> bool:
        """Publish or reject one revision this worker holds (`store.posts.decide_revision`), and record the
        automatic checks' decision in the same transaction."""

        def record(conn: Connection, decided: str, now: datetime) -> None:
            record_automatic_decision(conn, post_id, revision, "approved" if decided == "published" else "rejected",
                                      reasons, now)

        status = decide_revision(self.svc.db, post_id, revision, claimed_by=self.id, reasons=reasons, also=record)
        if status is not None:
            log.info("post reviewed", extra={"event": f"review.{status}", "post_id": post_id, "revision": revision,
                                             "reasons": [r["code"] for r in reasons], "worker": self.id})
        return status is not None

    def renew(self) -> int:
        """Stamp every claim this worker still holds with the time now; how many it holds."""
        rev = t.post_revisions.c
        with self.svc.db.write() as conn:
            held: int = conn.execute(
                update(t.post_revisions).where(rev.claimed_by == self.id, rev.status == PENDING)
                .values(claimed_at=utcnow())).rowcount
        return held

    # -- the review desk: a person decides when CREATORPOST_REVIEW_MODE says so ------------------
    def conclude(self, row: Any, reasons: list[dict[str, Any]]) -> bool:
        """Decide the revision now, or hand it to the reviewers with what the checks found."""
        why = waits_for_person(self.svc.settings, reasons)
        if why is None:
            return self.finish(row.post_id, row.revision, reasons)
        language = guess_post_language(row.body if isinstance(row.body, dict) else {})
        handed = hand_to_reviewers(self.svc.db, row.post_id, row.revision, self.id, why, reasons, language, utcnow())
        if handed:
            log.info("post waits for a reviewer", extra={"event": "review.to_person", "post_id": row.post_id,
                                                          "revision": row.revision, "why": why,
                                                          "reasons": [r["code"] for r in reasons], "worker": self.id})
        return handed

    def release(self, post_id: str, revision: int) -> None:
        rev = t.post_revisions.c
        with self.svc.db.write() as conn:
            conn.execute(update(t.post_revisions)
                         .where(rev.post_id == post_id, rev.revision == revision, rev.claimed_by == self.id)
                         .values(claimed_by=None, claimed_at=None))

    # -- checks -----------------------------------------------------------------------------
    def reasons_for(self, row: Any) -> list[dict[str, Any]]:
        post: dict[str, Any] = row.body
        context = creator_context(self.svc.db, row.creator_id)
        media = media_infos(self.svc.db, row.creator_id, post)
        report = validation.validate(post, "publish", context, platform=row.platform, media=media, media_complete=True)
        reasons = [{"code": f.code, "field": f.field, "params": dict(f.params)}
                   for f in report.findings if f.severity == "error"]
        reasons += banned_word_reasons(post)
        for index, block in enumerate(post.get("blocks") or []):
            if isinstance(block, dict) and block.get("kind") == "product" and isinstance(block.get("product_id"), str):
                try:
                    product = self.svc.provider.product(block["product_id"])
                except ProviderError as failed:
                    raise RetryLater(failed.code) from failed
                if product is None:
                    reasons.append({"code": "product.not_found", "field": f"blocks.{index}.product_id",
                                    "params": {"product_id": block["product_id"]}})
        for index, group in enumerate(post.get("coupons") or []):
            if not isinstance(group, dict) or not isinstance(group.get("store_id"), str):
                continue
            ids = [c for c in group.get("coupon_ids") or [] if isinstance(c, str)]
            _, found = store_coupons(self.svc.db, group["store_id"], ids)
            for position, coupon_id in enumerate(ids):
                coupon = found.get(coupon_id)
                field = f"coupons.{index}.coupon_ids.{position}"
                if coupon is None:
                    reasons.append({"code": "coupon.unknown", "field": field, "params": {"coupon_id": coupon_id}})
                elif coupon.valid_until <= utcnow():
                    reasons.append({"code": "coupon.expired", "field": field, "params": {"coupon_id": coupon_id}})
        return reasons

    # -- loops ------------------------------------------------------------------------------
    def run_once(self) -> int:
        """Review every due post this worker can claim; returns how many were finished."""
        finished = 0
        claimed = self.claim()
        if claimed and self.svc.settings.fault_inject == "review-after-claim":
            faults.hang_after_claim(self.id, [row.post_id for row in claimed])
        for number, row in enumerate(claimed):
            if number and not self.renew():
                break  # every claim left was taken over: this worker was too slow for its lease
            try:
                reasons = self.reasons_for(row)
            except RetryLater as later:
                log.warning("review postponed", extra={"event": "review.postponed", "post_id": row.post_id,
                                                       "revision": row.revision, "reason": str(later)})
                self.release(row.post_id, row.revision)
                continue
            finished += self.conclude(row, reasons)
        self.report_stuck()
        return finished

    def seconds_until_next(self) -> float:
        """Until the next revision may be claimed: the earliest due unclaimed one, or the earliest claim
        whose lease runs out (a dead worker's), at most MAX_IDLE_SECONDS."""
        rev = t.post_revisions.c
        pending = rev.status == PENDING
        with self.svc.db.read() as conn:
            due = conn.execute(select(func.min(rev.review_due_at))
                               .where(pending, rev.claimed_by.is_(None))).scalar()
            claimed = conn.execute(select(func.min(rev.claimed_at))
                                   .where(pending, rev.claimed_by.is_not(None))).scalar()
        moments: list[datetime] = []
        due_at, claimed_at = as_utc(due), as_utc(claimed)
        if due_at is not None:
            moments.append(due_at)
        if claimed_at is not None:
            moments.append(claimed_at + self.lease)
        if not moments:
            return MAX_IDLE_SECONDS
        wait = (min(moments) - utcnow()).total_seconds()
        return min(MAX_IDLE_SECONDS, max(0.05, wait))

    def report_stuck(self) -> None:
        if time.monotonic() - self._last_stuck_log < STUCK_LOG_EVERY_SECONDS:
            return
        stuck = stuck_count(self.svc)
        if stuck:
            self._last_stuck_log = time.monotonic()
            log.warning("posts stuck in review", extra={"event": "review.stuck", "count": stuck,
                                                        "promise_seconds": self.svc.settings.review_promise_seconds})

    async def run_forever(self, wakeup: asyncio.Event) -> None:
        log.info("review worker started", extra={"event": "review.started", "worker": self.id})
        while True:
            wakeup.clear()
            try:
                handled = await run_in_threadpool(self.run_once)
                delay = 0.0 if handled else await run_in_threadpool(self.seconds_until_next)
            except Exception:
                log.exception("review round failed", extra={"event": "review.error"})
                delay = MAX_IDLE_SECONDS
            if delay > 0:
                try:
                    await asyncio.wait_for(wakeup.wait(), timeout=delay)
                except TimeoutError:
                    pass

    def run_blocking(self, stop: Any = None) -> None:
        """The loop of `creatorpost worker` (its own process; polls, nobody wakes it)."""
        log.info("review worker started", extra={"event": "review.started", "worker": self.id})
        while stop is None or not stop.is_set():
            try:
                handled = self.run_once()
                delay = 0.0 if handled else min(1.0, self.seconds_until_next())
            except Exception:
                log.exception("review round failed", extra={"event": "review.error"})
                delay = MAX_IDLE_SECONDS
            if delay > 0:
                if stop is not None:
                    stop.wait(delay)
                else:
                    time.sleep(delay)


def stuck_count(svc: Services) -> int:
    limit = utcnow() - timedelta(seconds=svc.settings.review_promise_seconds)
    with svc.db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(t.post_revisions)
                                .where(t.post_revisions.c.status.in_(UNDECIDED),
                                       t.post_revisions.c.created_at < limit)).scalar_one())
