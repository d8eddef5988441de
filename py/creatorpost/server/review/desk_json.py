"""What the review desk's calls answer, as JSON: a queue item, the whole post of a claimed one, and the
reasons a rejection carries to the creator (docs/ARCHITECTURE.md, "The review desk")."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from creatorpost.review_reasons import NOTE_CODE, review_rules
from creatorpost.server.lang import translate
from creatorpost.server.routes.coupons import coupon_json
from creatorpost.server.routes.pages import products_of
from creatorpost.server.services import Services
from creatorpost.server.store.coupons import store_coupons
from creatorpost.server.store.creators import store_ids_of
from creatorpost.server.store.db import iso
from creatorpost.server.store.media import media_infos
from creatorpost.server.store.review_queue import QueueItem


def findings_json(findings: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    return [{"code": f.get("code"), "field": f.get("field"), "params": f.get("params") or {},
             "message": translate(str(f.get("code")), dict(f.get("params") or {}), lang)} for f in findings]


def item_json(item: QueueItem, *, lang: str, now: datetime, promise_seconds: float, at_risk_seconds: float,
              history: tuple[int, int], reviewer_id: str) -> dict[str, Any]:
    due = item.created_at + timedelta(seconds=promise_seconds)
    live_claim = item.claimed_by is not None and item.claim_expires_at is not None and item.claim_expires_at > now
    return {
        "post_id": item.post_id,
        "revision": item.revision,
        "title": item.title,
        "why": item.why,
        "language": item.language,
        "findings": findings_json(item.findings, lang),
        "creator": {"id": item.creator_id, "handle": item.creator_handle, "display_name": item.creator_name,
                    "level": item.creator_level, "published": history[0], "rejected": history[1]},
        "sent_at": iso(item.created_at),
        "queued_at": iso(item.queued_at),
        "due_at": iso(due),
        "seconds_left": round((due - now).total_seconds()),
        # Waiting past CREATORPOST_REVIEW_AT_RISK_SECONDS, the line the figures' `at_risk` counts by.
        "at_risk": (now - item.created_at).total_seconds() > at_risk_seconds,
        "claim": ({"by": item.claimed_by_handle, "mine": item.claimed_by == reviewer_id,
                   "until": iso(item.claim_expires_at)} if live_claim else None),
    }


def post_detail(svc: Services, item: QueueItem) -> dict[str, Any]:
    """What the desk shows besides the item: the post as its creator sent it, its product cards and coupons
    as readers will see them, and the facts of its photos."""
    post = item.body
    # A product the provider cannot give is left out: the desk shows the id alone; the finding (if any) says more.
    products = {product_id: found.to_json() for product_id, found in products_of(svc, post).items()}
    coupons: dict[str, list[dict[str, Any]]] = {}
    stores = store_ids_of(svc.db, item.creator_id)
    for group in post.get("coupons") or []:
        if isinstance(group, dict) and isinstance(group.get("store_id"), str):
            ids = [c for c in group.get("coupon_ids") or [] if isinstance(c, str)]
            _, found_coupons = store_coupons(svc.db, group["store_id"], ids)
            coupons[group["store_id"]] = [coupon_json(found_coupons.get(c), c, group["store_id"] in stores)
                                          for c in ids]
    media = {media_id: info.model_dump() for media_id, info in media_infos(svc.db, item.creator_id, post).items()}
    return {"post": post, "products": products, "coupons": coupons, "media": media}


def reasons_json(lang: str) -> list[dict[str, Any]]:
    """The fixed list, in the desk's order, each with the words the creator will read."""
    return [{"code": r.code, "part": r.part, "needs_note": r.needs_note, "message": translate(r.code, {}, lang)}
            for r in review_rules().reasons]


def rejection_reasons(codes: list[str], note: str | None) -> list[dict[str, Any]]:
    """The reasons stored with a rejected revision (and shown to its creator in their language)."""
    rules = review_rules()
    stored: list[dict[str, Any]] = []
    for code in dict.fromkeys(codes):
        reason = rules.reason(code)
        if reason is not None:
            stored.append({"code": code, "field": None if reason.part == "post" else reason.part, "params": {}})
    if note:
        stored.append({"code": NOTE_CODE, "field": None, "params": {"note": note}})
    return stored
