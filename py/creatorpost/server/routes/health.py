"""`GET /healthz`: the database answers, and no post waits in review longer than promised."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import func, select, text
from starlette.concurrency import run_in_threadpool

from creatorpost.server.errors import error_body
from creatorpost.server.lang import request_language, translate
from creatorpost.server.review.worker import stuck_count
from creatorpost.server.services import Services, services
from creatorpost.server.store import tables as t
from creatorpost.server.store.posts import PENDING

log = logging.getLogger("creatorpost.server")

router = APIRouter(tags=["health"])


def _check(svc: Services) -> dict[str, object]:
    with svc.db.read() as conn:
        conn.execute(text("SELECT 1"))
        pending = conn.execute(select(func.count()).select_from(t.post_revisions)
                               .where(t.post_revisions.c.status == PENDING)).scalar_one()
    stuck = stuck_count(svc)
    return {
        "status": "degraded" if stuck else "ok",
        "database": "ok",
        "mode": svc.settings.mode,
        "review": {"pending": pending, "stuck": stuck, "promise_seconds": svc.settings.review_promise_seconds},
        "media": svc.media_slots.report(),
        "rate_limits": svc.rate_limits.report(),
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
