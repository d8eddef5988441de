"""Posts: checking one (`POST /api/posts/validate`), publishing (`POST /api/posts`), reading (`GET /api/posts/{id}`)."""

from __future__ import annotations

import hashlib
import re
from typing import Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from creatorpost import messages, rules, validation
from creatorpost.server.auth import Creator, current_creator, optional_creator
from creatorpost.server.errors import ApiError, error_body
from creatorpost.server.jsonbody import canonical_json, json_body_openapi, read_json_object
from creatorpost.server.lang import request_language, translate
from creatorpost.server.services import Services, services
from creatorpost.server.store.creators import author_json
from creatorpost.server.store.media import media_infos, referenced_media_ids
from creatorpost.server.store.posts import PostRow, create_post, find_answer, get_post

router = APIRouter(prefix="/api", tags=["posts"])

POST_BODY = json_body_openapi({"type": "object", "description": "A post as JSON (schema 1); see GET /api/schema."})

_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")


def _media_field(post: dict[str, Any], media_id: str) -> str:
    banner = post.get("banner")
    if isinstance(banner, dict) and banner.get("media_id") == media_id:
        return "banner.media_id"
    for index, block in enumerate(post.get("blocks") or []):
        if isinstance(block, dict) and block.get("media_id") == media_id:
            return f"blocks.{index}.media_id"
    return "media_id"


async def check_post(svc: Services, creator: Creator, post: dict[str, Any], platform: validation.Platform,
                     lang: str) -> dict[str, Any]:
    """Re-validate in publish mode with the creator's real level and stores; raise 422 when the
    post cannot be created. Returns the report JSON (warnings and tips travel back too)."""
    media = await run_in_threadpool(media_infos, svc.db, creator.id, post)
    for media_id in referenced_media_ids(post):
        if media_id not in media:
            raise ApiError(422, "media.not_found", field=_media_field(post, media_id), params={"media_id": media_id})
    report = validation.validate(post, "publish", creator.context, platform=platform, media=media)
    report_body = messages.report_json(report, lang)
    if not report.valid:
        first = next(f for f in report_body["findings"] if f["severity"] == "error")
        body = error_body(first["code"], first["message"], first["field"] or None)
        body["findings"] = report_body["findings"]
        raise _ReportError(body)
    return report_body


class _ReportError(ApiError):
    def __init__(self, body: dict[str, Any]) -> None:
        super().__init__(422, body["error"]["code"], body["error"]["field"])
        self.body = body


@router.post("/posts/validate", summary="The validation report of a post, without storing anything",
             openapi_extra=POST_BODY)
async def validate_post(
    request: Request,
    mode: Literal["draft", "publish"] = Query("publish"),
    platform: Literal["desktop", "app"] = Query("desktop"),
    creator: Creator | None = Depends(optional_creator),
) -> JSONResponse:
    post = await read_json_object(request)
    context = creator.context if creator else None
    svc = services(request)
    media = await run_in_threadpool(media_infos, svc.db, creator.id, post) if creator else None
    report = validation.validate(post, mode, context, platform=platform, media=media)
    return JSONResponse(messages.report_json(report, request_language(request.headers.get("accept-language"))))


@router.post(
    "/posts",
    status_code=202,
    summary="Re-validate, store and queue a post for review (Idempotency-Key required)",
    openapi_extra=POST_BODY,
)
async def publish(
    request: Request,
    creator: Creator = Depends(current_creator),
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
    platform: Literal["desktop", "app"] = Query("desktop"),
) -> JSONResponse:
    svc = services(request)
    lang = request_language(request.headers.get("accept-language"))
    if idempotency_key is None or not _KEY.match(idempotency_key):
        raise ApiError(400, "idempotency.key_required", field="Idempotency-Key")
    post = await read_json_object(request)
    request_sha = hashlib.sha256(canonical_json({"platform": platform, "post": post})).hexdigest()

    earlier = await run_in_threadpool(find_answer, svc.db, creator.id, idempotency_key)
    if earlier is None:
        try:
            report = await check_post(svc, creator, post, platform, lang)
        except _ReportError as failed:
            return JSONResponse(failed.body, status_code=422)
        ruleset = rules.load_rules()
        earlier = await run_in_threadpool(
            lambda: create_post(
                svc.db, creator_id=creator.id, key=idempotency_key, request_sha256=request_sha, post=post,
                rules_version=str(ruleset.version), platform=platform,
                review_delay_seconds=svc.settings.review_delay_seconds,
                answer_extra={"findings": [{k: f[k] for k in ("code", "severity", "field", "params")}
                                           for f in report["findings"]]},
                fault_inject=svc.settings.fault_inject,
            )
        )
        svc.review_wakeup.set()
    if earlier.request_sha256 != request_sha:
        raise ApiError(409, "idempotency.conflict", field="Idempotency-Key")
    body = _localise(dict(earlier.response), lang)
    return JSONResponse(body, status_code=earlier.status_code, headers={"Location": body["url"]})


def _localise(body: dict[str, Any], lang: str) -> dict[str, Any]:
    findings = body.get("findings") or []
    body["findings"] = [{**f, "message": translate(f["code"], f.get("params") or {}, lang)} for f in findings]
    return body


def post_json(row: PostRow, lang: str, author: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "id": row.id,
        "status": row.status,
        "creator_id": row.creator_id,
        "creator": author,
        "post": row.body,
        "rules_version": row.rules_version,
        "created_at": row.created_at.isoformat().replace("+00:00", "Z"),
        "review_due_at": row.review_due_at.isoformat().replace("+00:00", "Z"),
        "reviewed_at": row.reviewed_at.isoformat().replace("+00:00", "Z") if row.reviewed_at else None,
        "reasons": [{**r, "message": translate(r["code"], r.get("params") or {}, lang)} for r in row.reasons],
        "page_url": f"/p/{row.id}" if row.status == "published" else None,
    }


@router.get("/posts/{post_id}", summary="A post and its status (pending and rejected posts only for their author)")
async def read_post(request: Request, post_id: str, creator: Creator | None = Depends(optional_creator)) -> JSONResponse:
    svc = services(request)
    row = await run_in_threadpool(get_post, svc.db, post_id)
    if row is None or (row.status != "published" and (creator is None or creator.id != row.creator_id)):
        raise ApiError(404, "post.not_found", field="post_id")
    author = await run_in_threadpool(author_json, svc.db, row.creator_id)
    return JSONResponse(post_json(row, request_language(request.headers.get("accept-language")), author))
