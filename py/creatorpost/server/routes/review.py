"""The reviewers' desk: the queue of posts waiting for a person, claims, decisions, and the figures of
the 24-hour promise. Reviewers only (role `reviewer`; a creator's token gets 403 `auth.reviewers_only`).
docs/ARCHITECTURE.md, "The review desk", says how the queue, claims and decisions fit together.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from creatorpost.findings import SURROGATE
from creatorpost.languages import SUPPORTED_LANGS
from creatorpost.review_reasons import review_rules
from creatorpost.rules import load_rules
from creatorpost.server.auth import Reviewer, current_reviewer
from creatorpost.server.errors import ApiError, error_body
from creatorpost.server.jsonbody import json_body_openapi, read_json_object
from creatorpost.server.lang import request_language, translate
from creatorpost.server.media.files import content_type, is_media_id
from creatorpost.server.media.responses import stored_object
from creatorpost.server.review.desk_json import item_json, post_detail, reasons_json, rejection_reasons
from creatorpost.server.services import Services, services
from creatorpost.server.store.db import iso, utcnow
from creatorpost.server.store.media import media_row, referenced_media_ids
from creatorpost.server.store.review_decisions import decisions
from creatorpost.server.store.review_queue import (
    Gone,
    Outdated,
    QueueItem,
    Taken,
    claim,
    creator_history,
    decide,
    queue_page,
    release,
    waiting_item,
)
from creatorpost.server.store.review_stats import review_figures
from creatorpost.text import normalize_multiline

router = APIRouter(prefix="/api/review", tags=["review"])

MAX_PAGE = 200
MAX_REVISION = 2**31 - 1  # the columns' range: a bigger number names no revision (nor decision)

_ERROR: dict[str, Any] = {"description": "The error shape: {\"error\": {\"code\", \"message\", \"field\"}}"}
_ROLE: dict[int | str, dict[str, Any]] = {
    401: _ERROR, 403: {**_ERROR, "description": "`auth.reviewers_only`: a creator's token."}}
_DECISION_ERRORS: dict[int | str, dict[str, Any]] = {
    **_ROLE,
    404: {**_ERROR, "description": "`review.not_waiting`: nothing of this post waits for a person."},
    409: {**_ERROR, "description": "`review.claimed` (another reviewer's claim runs; `claim` beside `error` says "
                                   "whose and until when), `review.decided` (someone decided it already), "
                                   "`review.withdrawn` (the creator sent a newer version or deleted the post), "
                                   "`review.outdated` (`revision` is not the waiting one, which `revision` beside "
                                   "`error` names)."},
}
REVISION_BODY = json_body_openapi({"type": "object", "properties": {"revision": {
    "type": "integer", "minimum": 1, "maximum": MAX_REVISION,
    "description": "The revision the reviewer looked at (recommended)."}}},
    required=False)
REJECT_BODY = json_body_openapi({"type": "object", "required": ["reasons"], "properties": {
    "revision": {"type": "integer", "minimum": 1, "maximum": MAX_REVISION},
    "reasons": {"type": "array", "minItems": 1, "items": {"type": "string"},
                "description": "Codes from GET /api/review/reasons (the fixed list)."},
    "note": {"type": "string", "description": "Optional words for the creator (required with `review.other`)."}}})


def _lang(request: Request) -> str:
    return request_language(request.headers.get("accept-language"))


def _items_json(svc: Services, items: list[QueueItem], lang: str, reviewer: Reviewer) -> list[dict[str, Any]]:
    history = creator_history(svc.db, sorted({i.creator_id for i in items}))
    now = utcnow()
    return [item_json(i, lang=lang, now=now, promise_seconds=svc.settings.review_promise_seconds,
                      at_risk_seconds=svc.settings.review_at_risk_seconds,
                      history=history.get(i.creator_id, (0, 0)), reviewer_id=reviewer.id) for i in items]


@router.get("/me", summary="The calling reviewer", responses=_ROLE)
async def me(reviewer: Reviewer = Depends(current_reviewer)) -> JSONResponse:
    return JSONResponse({"id": reviewer.id, "handle": reviewer.handle, "display_name": reviewer.display_name,
                         "role": "reviewer"})


@router.get("/reasons", summary="The fixed list of rejection reasons, with the words the creator will read",
            responses=_ROLE)
async def reasons(request: Request, _reviewer: Reviewer = Depends(current_reviewer)) -> JSONResponse:
    rules = review_rules()
    return JSONResponse({"version": rules.version, "note_max_chars": rules.note.max_chars,
                         "reasons": reasons_json(_lang(request))})


@router.get("/queue", summary="Posts waiting for a person, the one due first first, with the automatic findings, "
                              "the creator's level and history and the time left before the 24-hour promise",
            responses=_ROLE)
async def queue(
    request: Request,
    reviewer: Reviewer = Depends(current_reviewer),
    language: str | None = Query(
        None, pattern=f"^({'|'.join(SUPPORTED_LANGS)})$", json_schema_extra={"enum": list(SUPPORTED_LANGS)},
        description="Only posts written in this language (as far as their words tell)."),
    flag: str | None = Query(None, max_length=80, pattern=r"^[a-z_.]+$", description=(
        "`flagged`, `sample` or `every` (why the post waits), or a finding code such as `moderation.banned_word`.")),
    limit: int = Query(50, ge=1, le=MAX_PAGE),
) -> JSONResponse:
    svc = services(request)
    lang = _lang(request)
    items, total = await run_in_threadpool(lambda: queue_page(svc.db, language=language, flag=flag, limit=limit))
    body = await run_in_threadpool(_items_json, svc, items, lang, reviewer)
    return JSONResponse({"items": body, "total": total, "languages": list(SUPPORTED_LANGS)},
                        headers={"Cache-Control": "no-store"})


def _figures(svc: Services) -> dict[str, Any]:
    settings = svc.settings
    return review_figures(svc.db, utcnow(), promise_seconds=settings.review_promise_seconds,
                          at_risk_seconds=settings.review_at_risk_seconds).to_json(
        promise_seconds=settings.review_promise_seconds, at_risk_seconds=settings.review_at_risk_seconds)


@router.get("/stats", summary="Queue length, oldest waiting age, median and 95th percentile time from sending to "
                              "decision over the last day, and posts at risk of breaking the 24-hour promise",
            responses=_ROLE)
async def stats(request: Request, _reviewer: Reviewer = Depends(current_reviewer)) -> JSONResponse:
    svc = services(request)
    body = await run_in_threadpool(_figures, svc)
    return JSONResponse({**body, "mode": svc.settings.review_mode}, headers={"Cache-Control": "no-store"})


@router.get("/decisions", summary="Every decision, newest first: who (a reviewer or the automatic checks), when, "
                                  "what (outcome, reasons, note), on which revision", responses=_ROLE)
async def decision_log(
    request: Request,
    _reviewer: Reviewer = Depends(current_reviewer),
    post_id: str | None = Query(None, max_length=40),
    before: int | None = Query(None, ge=1, le=MAX_REVISION,
                               description="The `id` of the last decision of the previous page."),
    limit: int = Query(50, ge=1, le=MAX_PAGE),
) -> JSONResponse:
    svc = services(request)
    rows = await run_in_threadpool(lambda: decisions(svc.db, post_id=post_id, before=before, limit=limit))
    return JSONResponse({"decisions": rows}, headers={"Cache-Control": "no-store"})


def _refusal(outcome: Taken | Gone | Outdated, lang: str) -> JSONResponse:
    if isinstance(outcome, Taken):
        minutes = max(1, -(-int((outcome.until - utcnow()).total_seconds()) // 60))
        code, params = "review.claimed", {"reviewer": outcome.handle, "minutes": minutes}
        extra: dict[str, Any] = {"claim": {"by": outcome.handle, "until": iso(outcome.until)}}
        status = 409
    elif isinstance(outcome, Outdated):
        code, params, status = "review.outdated", {"revision": outcome.waiting}, 409
        extra = {"revision": outcome.waiting}
    else:
        status = 404 if outcome.why == "not_waiting" else 409
        code, params, extra = {"decided": "review.decided", "withdrawn": "review.withdrawn",
                               "not_waiting": "review.not_waiting"}[outcome.why], {}, {}
    return JSONResponse({**error_body(code, translate(code, params, lang), "post_id"), **extra}, status_code=status)


async def _optional_body(request: Request) -> dict[str, Any]:
    return await read_json_object(request) if await request.body() else {}


def _revision(body: dict[str, Any]) -> int | None:
    value = body.get("revision")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_REVISION:
        raise ApiError(422, "request.invalid", field="revision")
    return value


@router.post("/{post_id}/claim", summary="Hold a waiting post for a few minutes (CREATORPOST_REVIEW_CLAIM_SECONDS) "
                                         "so no other reviewer works on it; again to hold it longer",
             responses=_DECISION_ERRORS)
async def claim_post(request: Request, post_id: str, reviewer: Reviewer = Depends(current_reviewer)) -> JSONResponse:
    svc = services(request)
    lang = _lang(request)
    lasts = timedelta(seconds=svc.settings.review_claim_seconds)
    outcome = await run_in_threadpool(lambda: claim(svc.db, post_id, reviewer.id, utcnow(), lasts))
    if not isinstance(outcome, QueueItem):
        return _refusal(outcome, lang)
    item = (await run_in_threadpool(_items_json, svc, [outcome], lang, reviewer))[0]
    detail = await run_in_threadpool(post_detail, svc, outcome)
    return JSONResponse({**item, **detail}, headers={"Cache-Control": "no-store"})


@router.post("/{post_id}/release", status_code=204, summary="Let other reviewers take the post at once",
             responses=_ROLE)
async def release_post(request: Request, post_id: str, reviewer: Reviewer = Depends(current_reviewer)) -> Response:
    svc = services(request)
    await run_in_threadpool(release, svc.db, post_id, reviewer.id)
    return Response(status_code=204)


async def _decide(request: Request, post_id: str, reviewer: Reviewer, outcome: Literal["approved", "rejected"],
                  revision: int | None, reasons: list[dict[str, Any]], note: str | None) -> JSONResponse:
    svc = services(request)
    done = await run_in_threadpool(lambda: decide(svc.db, post_id, reviewer.id, revision, outcome, reasons, note,
                                                  utcnow()))
    if not isinstance(done, QueueItem):
        return _refusal(done, _lang(request))
    return JSONResponse({"post_id": post_id, "revision": done.revision, "outcome": outcome,
                         "status": "published" if outcome == "approved" else "rejected",
                         "reasons": reasons, "note": note, "decided_by": reviewer.handle})


@router.post("/{post_id}/approve", summary="Publish the waiting revision (readers see it at once)",
             openapi_extra=REVISION_BODY, responses=_DECISION_ERRORS)
async def approve(request: Request, post_id: str, reviewer: Reviewer = Depends(current_reviewer)) -> JSONResponse:
    body = await _optional_body(request)
    return await _decide(request, post_id, reviewer, "approved", _revision(body), [], None)


def _reject_request(body: dict[str, Any]) -> tuple[list[str], str | None]:
    rules = review_rules()
    codes = body.get("reasons")
    if not isinstance(codes, list) or not codes:
        raise ApiError(422, "review.reason_required", field="reasons")
    for index, code in enumerate(codes):
        if not isinstance(code, str) or rules.reason(code) is None:
            raise ApiError(422, "review.reason_unknown", field=f"reasons.{index}", params={"code": str(code)[:80]})
    note = body.get("note")
    if note is not None and not isinstance(note, str):
        raise ApiError(422, "request.invalid", field="note")
    if note is not None and SURROGATE.search(note):
        # Half an emoji has no UTF-8 form: recorded, it would break every answer that carries the note.
        raise ApiError(422, "text.invalid_character", field="note")
    note = normalize_multiline(note or "", load_rules()) or None  # as a post's text: no controls, no invisibles
    if note is not None and len(note) > rules.note.max_chars:
        raise ApiError(422, "review.note_too_long", field="note", params={"max_chars": rules.note.max_chars})
    needing = next((c for c in codes if (r := rules.reason(c)) is not None and r.needs_note), None)
    if needing is not None and note is None:
        raise ApiError(422, "review.note_required", field="note")
    return codes, note


@router.post("/{post_id}/reject", summary="Reject the waiting revision with reasons from the fixed list and an "
                                          "optional note; the creator reads them in their language and can resubmit",
             openapi_extra=REJECT_BODY,
             responses={**_DECISION_ERRORS, 422: {**_ERROR, "description": (
                 "`review.reason_required`, `review.reason_unknown` (field `reasons.N`), `review.note_required`, "
                 "`review.note_too_long`, `text.invalid_character` (the note holds half an emoji).")}})
async def reject(request: Request, post_id: str, reviewer: Reviewer = Depends(current_reviewer)) -> JSONResponse:
    body = await read_json_object(request)
    codes, note = _reject_request(body)
    return await _decide(request, post_id, reviewer, "rejected", _revision(body), rejection_reasons(codes, note), note)


@router.get("/{post_id}/media/{media_id}", summary="A photo of a post waiting for a person (the desk shows it)",
            responses={**_ROLE, 404: {**_ERROR, "description": "`media.not_found`."}})
async def waiting_media(request: Request, post_id: str, media_id: str,
                        reviewer: Reviewer = Depends(current_reviewer)) -> Response:
    """The bytes of a photo that the revision waiting for a person shows (its creator's own media), for
    reviewers only and never cached beyond the page: once decided, the public rule of GET /media/{id} applies.
    Streamed or presigned as CREATORPOST_MEDIA_REDIRECT says (`media/responses.py`)."""
    svc = services(request)
    item = await run_in_threadpool(waiting_item, svc.db, post_id)
    shown = item is not None and is_media_id(media_id) and media_id in referenced_media_ids(item.body)
    row = await run_in_threadpool(media_row, svc.db, media_id) if shown else None
    if row is None or item is None or row.creator_id != item.creator_id:
        raise ApiError(404, "media.not_found")
    headers = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff",
               "Content-Security-Policy": "default-src 'none'; sandbox",
               "Cross-Origin-Resource-Policy": "same-origin"}
    return await stored_object(request, svc, svc.store.key(row.creator_id, row.id, row.format),
                               content_type(row.format), headers, not_found="media.not_found")
