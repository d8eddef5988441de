"""`GET /healthz`: the database answers (503 when not), no post waits in review longer than promised (with the
review desk's figures: queue, oldest waiting, time to decision, posts at risk), the media storage answers
("degraded" when not: every process shares it, so it is no reason to take one out), and what the process holds
(media decode slots, rate-limit buckets, reader pages kept)."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from creatorpost.server.errors import error_body
from creatorpost.server.lang import request_language, translate
from creatorpost.server.media.storage import StorageUnavailable
from creatorpost.server.services import Services, services
from creatorpost.server.store.db import utcnow
from creatorpost.server.store.review_stats import review_figures

log = logging.getLogger("creatorpost.server")

router = APIRouter(tags=["health"])


def _storage(svc: Services) -> str:
    try:
        svc.store.storage.check()
    except StorageUnavailable as failed:
        log.warning("media storage unavailable", extra={"event": "health.storage", "reason": str(failed)})
        return "error"
    return "ok"


def _check(svc: Services) -> dict[str, object]:
    with svc.db.read() as conn:
        conn.execute(text("SELECT 1"))
    settings = svc.settings
    # The review desk's figures: queue, oldest waiting, time to decision over the last day, at risk, stuck.
    review = review_figures(svc.db, utcnow(), promise_seconds=settings.review_promise_seconds,
                            at_risk_seconds=settings.review_at_risk_seconds)
    storage = _storage(svc)
    return {
        # Storage trouble is every process's at once: taking this one out of a load balancer helps nobody.
        "status": "degraded" if review.stuck or storage != "ok" else "ok",
        "database": "ok",
        "storage": {"kind": svc.store.storage.kind, "status": storage},
        "mode": settings.mode,
        "review": {**review.to_json(promise_seconds=settings.review_promise_seconds,
                                    at_risk_seconds=settings.review_at_risk_seconds), "mode": settings.review_mode},
        "media": svc.media_slots.report(),
        "rate_limits": svc.rate_limits.report(),
        "reader_pages": svc.pages.report(),
    }


@router.get("/healthz", summary="Liveness and review-queue health (503 when the database is down)")
async def healthz(request: Request) -> JSONResponse:
    try:
        body = await run_in_threadpool(_check, services(request))
    except Exception as failed:
        log.error("health check failed", exc_info=True, extra={"event": "health.down", "exc": repr(failed)})
        lang = request_language(request.headers.get("accept-language"))
        # The error shape every 5xx has, with the fields a load balancer's check reads beside it.
        body = {"status": "down", "database": "error",
                **error_body("server.unavailable", translate("server.unavailable", {}, lang), None)}
        return JSONResponse(body, status_code=503, headers={"Cache-Control": "no-store", "Retry-After": "30"})
    return JSONResponse(body, headers={"Cache-Control": "no-store"})
