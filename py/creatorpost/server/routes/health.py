"""`GET /healthz`: the database answers, and no post waits in review longer than promised."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import func, select, text
from starlette.concurrency import run_in_threadpool

from creatorpost.server.review.worker import stuck_count
from creatorpost.server.services import Services, services
from creatorpost.server.store import tables as t

router = APIRouter(tags=["health"])


def _check(svc: Services) -> dict[str, object]:
    with svc.db.read() as conn:
        conn.execute(text("SELECT 1"))
        pending = conn.execute(select(func.count()).select_from(t.posts)
                               .where(t.posts.c.status == "pending_review")).scalar_one()
    stuck = stuck_count(svc)
    return {
        "status": "degraded" if stuck else "ok",
        "database": "ok",
        "mode": svc.settings.mode,
        "review": {"pending": pending, "stuck": stuck, "promise_seconds": svc.settings.review_promise_seconds},
        "media": svc.media_slots.report(),
    }


@router.get("/healthz", summary="Liveness and review-queue health (503 when the database is down)")
async def healthz(request: Request) -> JSONResponse:
    try:
        body = await run_in_threadpool(_check, services(request))
    except Exception:
        return JSONResponse({"status": "down", "database": "error"}, status_code=503)
    return JSONResponse(body, headers={"Cache-Control": "no-store"})
