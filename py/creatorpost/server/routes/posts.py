"""Posts: checking one (`POST /api/posts/validate`), publishing (`POST /api/posts`), reading (`GET /api/posts/{id}`).

Listing, updating and deleting a creator's own posts live beside this, in `routes/own_posts.py`."""

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
from creatorpost.server.store.db import iso
from creatorpost.server.store.media import media_infos
from creatorpost.server.store.posts import Post, Revision, StoredAnswer, create_post, find_answer, post_with_revision

router = APIRouter(prefix="/api", tags=["posts"])

POST_BODY = json_body_openapi({"type": "object", "description": "A post as JSON (schema 1); see GET /api/schema."})

KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,200}$")


def _report(svc: Services, post: dict[str, Any], mode: validation.Mode, creator: Creator | None,
            platform: validation.Platform, lang: str) -> dict[str, Any]:
    """The report JSON of a post: database look-ups and CPU work, run in a worker thread."""
    media = media_infos(svc.db, creator.id, post) if creator else None
    report = validation.validate(post, mode, creator.context if creator else None, platform=platform, media=media,
                                 media_complete=creator is not None)
    return messages.report_json(report, lang)


async def post_report(svc: Services, creator: Creator | None, post: dict[str, Any], mode: validation.Mode,
                      platform: validation.Platform, lang: str) -> dict[str, Any]:
    """What validate answers and what publish checks, the same way, off the event loop: with a creator,
    their real level and stores, and every media id must be one of their uploads (`media.not_found`)."""
    return await run_in_threadpool(_report, svc, post, mode, creator, platform, lang)


def refusal(report: dict[str, Any]) -> JSONResponse:
    """422 for a report with errors: the first error in the error shape, every finding beside it."""
    first = next(f for f in report["findings"] if f["severity"] == "error")
    body = error_body(first["code"], first["message"], first["field"] or None)
    body["findings"] = report["findings"]
    return JSONResponse(body, status_code=422)


@router.post("/posts/validate", summary="The validation report of a post, without storing anything",
             openapi_extra=POST_BODY)
async def validate_post(
    request: Request,
    mode: Literal["draft", "publish"] = Query("publish"),
    platform: Literal["desktop", "app"] = Query("desktop"),
    creator: Creator | None = Depends(optional_creator),
) -> JSONResponse:
    post = await read_json_object(request)
    lang = request_language(request.headers.get("accept-language"))
    return JSONResponse(await post_report(services(request), creator, post, mode, platform, lang))


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
    if idempotency_key is None or not KEY_PATTERN.match(idempotency_key):
        raise ApiError(400, "idempotency.key_required", field="Idempotency-Key")
    post = await read_json_object(request)

    def fingerprint_and_earlier_answer() -> tuple[str, StoredAnswer | None]:
        sha = hashlib.sha256(canonical_json({"platform": platform, "post": post})).hexdigest()
        return sha, find_answer(svc.db, creator.id, idempotency_key)

    request_sha, earlier = await run_in_threadpool(fingerprint_and_earlier_answer)
    if earlier is None:
        report = await post_report(svc, creator, post, "publish", platform, lang)
        if not report["valid"]:
            return refusal(report)
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
    body = localise(dict(earlier.response), lang)
    return JSONResponse(body, status_code=earlier.status_code, headers={"Location": body["url"]})


def localise(body: dict[str, Any], lang: str) -> dict[str, Any]:
    findings = body.get("findings") or []
    body["findings"] = [{**f, "message": translate(f["code"], f.get("params") or {}, lang)} for f in findings]
    return body


def reasons_json(reasons: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    return [{**r, "message": translate(r["code"], r.get("params") or {}, lang)} for r in reasons]


def post_json(post: Post, revision: Revision, lang: str, author: dict[str, Any] | None = None) -> dict[str, Any]:
    """A post as one revision of it: the newest for its author, the published one for everyone else."""
    return {
        "id": post.id,
        "status": revision.status,
        "revision": revision.revision,
        "published_revision": post.published_revision,
        "creator_id": post.creator_id,
        "creator": author,
        "post": revision.body,
        "rules_version": revision.rules_version,
        "created_at": iso(post.created_at),
        "updated_at": iso(post.updated_at),
        "review_due_at": iso(revision.review_due_at),
        "reviewed_at": iso(revision.reviewed_at),
        "reasons": reasons_json(revision.reasons, lang),
        "page_url": f"/p/{post.id}" if post.published_revision is not None else None,
    }


@router.get("/posts/{post_id}", summary="A post and its status: its author gets the newest revision, everyone "
                                        "else the published one (pending and rejected posts only for their author)")
async def read_post(request: Request, post_id: str, creator: Creator | None = Depends(optional_creator)) -> JSONResponse:
    svc = services(request)
    lang = request_language(request.headers.get("accept-language"))
    found = await run_in_threadpool(lambda: post_with_revision(svc.db, post_id, published=False))
    author_asks = found is not None and creator is not None and creator.id == found[0].creator_id
    if found is not None and not author_asks:
        found = await run_in_threadpool(lambda: post_with_revision(svc.db, post_id, published=True))
    post, revision = found if found is not None else (None, None)
    if post is not None and post.deleted_at is not None:
        raise ApiError(410, "post.deleted", field="post_id")
    if post is None or revision is None:
        raise ApiError(404, "post.not_found", field="post_id")
    author = await run_in_threadpool(author_json, svc.db, post.creator_id)
    body = post_json(post, revision, lang, author)
    if author_asks and creator is not None:
        # What the editor needs to open the post as a draft with its photos (format and size of each).
        infos = await run_in_threadpool(media_infos, svc.db, creator.id, revision.body)
        body["media"] = {media_id: info.model_dump() for media_id, info in infos.items()}
    return JSONResponse(body, headers={"ETag": f'"{revision.revision}"', "Cache-Control": "no-store"})
