"""`POST /api/coupons/verify`: which coupon ids exist for a store, whether they are still valid,
and whether this creator may attach them (only stores they collaborate with)."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from creatorpost.server.auth import Creator, current_creator
from creatorpost.server.errors import ApiError
from creatorpost.server.services import services
from creatorpost.server.store.coupons import CouponRow, store_coupons
from creatorpost.server.store.db import iso, utcnow

router = APIRouter(prefix="/api/coupons", tags=["coupons"])

_STORE_ID = re.compile(r"^[0-9]{1,20}$")


class VerifyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    store_id: str = Field(min_length=1, max_length=20)
    coupon_ids: list[str] = Field(max_length=50)


def coupon_json(row: CouponRow | None, coupon_id: str, collaborating: bool) -> dict[str, Any]:
    if row is None:
        return {"id": coupon_id, "exists": False, "valid": False, "attachable": False, "reason": "coupon.unknown"}
    valid = row.valid_until > utcnow()
    reason = None if valid and collaborating else ("coupon.expired" if not valid else "coupon.store_not_collaborating")
    return {"id": row.id, "exists": True, "valid": valid, "attachable": valid and collaborating, "reason": reason,
            "title": row.title, "discount": row.discount,
            "min_spend": {"amount": f"{row.min_spend_cents / 100:.2f}", "currency": row.currency},
            "valid_until": iso(row.valid_until)}


@router.post("/verify", summary="The coupons that exist for a store and that this creator may attach")
async def verify(request: Request, body: VerifyRequest, creator: Creator = Depends(current_creator)) -> JSONResponse:
    if not _STORE_ID.match(body.store_id):
        raise ApiError(422, "coupon.store_id_invalid", field="store_id")
    svc = services(request)
    store_name, found = await run_in_threadpool(store_coupons, svc.db, body.store_id, body.coupon_ids)
    if store_name is None and not found:
        raise ApiError(404, "coupon.unknown", field="store_id", params={"store_id": body.store_id})
    collaborating = body.store_id in creator.store_ids
    return JSONResponse({
        "store": {"id": body.store_id, "name": store_name},
        "collaborating": collaborating,
        "coupons": [coupon_json(found.get(cid), cid, collaborating) for cid in body.coupon_ids],
    })
