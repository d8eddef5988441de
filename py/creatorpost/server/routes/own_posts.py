"""A creator's own posts after Create: `GET /api/posts` (the list), `PUT /api/posts/{id}` (an update,
reviewed like a new post) and `DELETE /api/posts/{id}` (taken down). docs/ARCHITECTURE.md, "Posts
and their revisions", says how revisions, review and the public page fit together.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from creatorpost import rules
from creatorpost.server.auth import Creator, current_creator
from creatorpost.server.errors import ApiError, error_body
from creatorpost.server.jsonbody import canonical_json, read_json_object
from creatorpost.server.lang import request_language, translate
from creatorpost.server.routes.posts import KEY_PATTERN, POST_BODY, localise, post_report, reasons_json, refusal
from creatorpost.server.services import public_base, services
from creatorpost.server.store.db import iso
from creatorpost.server.store.posts import (
    Conflict,
    Listed,
    StoredAnswer,
    decode_cursor,
    delete_post,
    encode_cursor,
    find_answer,
    get_post,
    posts_page,
    update_post,
)

router = APIRouter(prefix="/api", tags=["posts"])

_ERROR = {"description": "The error shape: {\"error\": {\"code\", \"message\", \"field\"}}"}
LIST_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "`{posts: [{id, status, revision, published_revision, title, created_at, updated_at, url, "
                         "rejection}], next_cursor}`: `url` is the public page while a revision is published, "
                         "`rejection` the reasons when the newest revision was rejected; pass `next_cursor` as "
                         "`?cursor=` for the next page (null on the last)."},
    400: {**_ERROR, "description": "`request.invalid` (field `cursor`): a cursor this endpoint did not make."},
    401: _ERROR,
}
UPDATE_RESPONSES: dict[int | str, dict[str, Any]] = {
    202: {"description": "The update waits for review: `{id, status: \"pending_review\", revision, "
                         "published_revision, review_due_at, findings, ...}`. Readers keep seeing the published "
                         "revision until this one passes; if it is rejected, that one stays and GET says why."},
    404: {**_ERROR, "description": "`post.not_found`: no such post among the caller's."},
    409: {**_ERROR, "description": "`idempotency.conflict`: the Idempotency-Key was used for another request."},
    410: {**_ERROR, "description": "`post.deleted`."},
    412: {**_ERROR, "description": "`post.revision_conflict`: If-Match is not the newest revision, which the body "
                                   "carries as `revision` (and the ETag header)."},
    422: {**_ERROR, "description": "The same checks as a new post (`findings` beside `error`)."},
    428: {**_ERROR, "description": "`post.revision_required`: no If-Match header."},
}
DELETE_RESPONSES: dict[int | str, dict[str, Any]] = {
    204: {"description": "Deleted (also when it already was): /p/{id} answers 410, the profile stops listing it, "
                         "its media are no longer public unless another published post shows them."},
    404: {**_ERROR, "description": "`post.not_found`: no such post among the caller's."},
}

_REVISION_TAG = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def _listed_json(item: Listed, base: str, lang: str) -> dict[str, Any]:
    post, newest = item.post, item.revision
    return {
        "id": post.id,
        "status": newest.status,
        "revision": post.revision,
        "published_revision": post.published_revision,
        "title": newest.title,
        "created_at": iso(post.created_at),
        "updated_at": iso(post.updated_at),
        "url": f"{base}/p/{post.id}" if post.published_revision is not None else None,
        "rejection": reasons_json(newest.reasons, lang) if newest.status == "rejected" else None,
    }


@router.get("/posts", summary="The caller's own posts, newest first, one page at a time (?cursor= from next_cursor)",
            responses=LIST_RESPONSES)
async def list_posts(
    request: Request,
    creator: Creator = Depends(current_creator),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
) -> JSONResponse:
    svc = services(request)
    after = decode_cursor(cursor) if cursor else None
    if cursor and after is None:
        raise ApiError(400, "request.invalid", field="cursor")
    items, more = await run_in_threadpool(lambda: posts_page(svc.db, creator.id, after=after, limit=limit))
    lang = request_language(request.headers.get("accept-language"))
    base = public_base(request, svc.settings)
    return JSONResponse({"posts": [_listed_json(item, base, lang) for item in items],
                         "next_cursor": encode_cursor(items[-1].post) if more and items else None},
                        headers={"Cache-Control": "no-store"})


def _base_revision(if_match: str | None) -> int | None:
    if if_match is None:
        raise ApiError(428, "post.revision_required", field="If-Match")
    found = _REVISION_TAG.match(if_match)
    return int(found.group(1)) if found else None


def _conflict(lang: str, current: int) -> JSONResponse:
    """412 in the error shape, with the newest revision beside it (and as the ETag) to edit from."""
    message = translate("post.revision_conflict", {"revision": current}, lang)
    body: dict[str, Any] = {**error_body("post.revision_conflict", message, "If-Match"), "revision": current}
    return JSONResponse(body, status_code=412, headers={"ETag": f'"{current}"'})


@router.put(
    "/posts/{post_id}",
    status_code=202,
    summary="Send a new version of one's post for review (If-Match: \"<revision>\"; Idempotency-Key optional)",
    openapi_extra=POST_BODY,
    responses=UPDATE_RESPONSES,
)
async def update(
    request: Request,
    post_id: str,
    creator: Creator = Depends(current_creator),
    if_match: str | None = Header(None, alias="If-Match", description='The revision the update starts from, as '
                                  'GET /api/posts/{id} gave it (`"3"`, also its ETag). Without it: 428.'),
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", description="Optional: a retry with the "
                                         "same key gets the first answer back instead of a 412."),
    platform: Literal["desktop", "app"] = Query("desktop"),
) -> JSONResponse:
    svc = services(request)
    lang = request_language(request.headers.get("accept-language"))
    base_revision = _base_revision(if_match)
    if idempotency_key is not None and not KEY_PATTERN.match(idempotency_key):
        raise ApiError(400, "idempotency.key_required", field="Idempotency-Key")
    body = await read_json_object(request)

    def fingerprint_and_earlier_answer() -> tuple[str, StoredAnswer | None]:  # CPU and a look-up: off the loop
        sha = hashlib.sha256(canonical_json({"platform": platform, "post": body, "post_id": post_id,
                                             "if_match": base_revision})).hexdigest()
        return sha, find_answer(svc.db, creator.id, idempotency_key) if idempotency_key else None

    request_sha, earlier = await run_in_threadpool(fingerprint_and_earlier_answer)
    if earlier is None:
        current = await run_in_threadpool(get_post, svc.db, post_id)
        if current is None or current.creator_id != creator.id:
            raise ApiError(404, "post.not_found", field="post_id")
        if current.deleted_at is not None:
            raise ApiError(410, "post.deleted", field="post_id")
        if base_revision != current.revision:
            return _conflict(lang, current.revision)
        report = await post_report(svc, creator, body, "publish", platform, lang)
        if not report["valid"]:
            return refusal(report)
        ruleset = rules.load_rules()
        outcome = await run_in_threadpool(lambda: update_post(
            svc.db, creator_id=creator.id, post_id=post_id, base_revision=base_revision, key=idempotency_key,
            request_sha256=request_sha, post=body, rules_version=str(ruleset.version), platform=platform,
            review_delay_seconds=svc.settings.review_delay_seconds,
            answer_extra={"findings": [{k: f[k] for k in ("code", "severity", "field", "params")}
                                       for f in report["findings"]]}))
        if isinstance(outcome, Conflict):
            return _conflict(lang, outcome.current_revision)
        if isinstance(outcome, str):  # deleted or gone between our look and the update
            raise ApiError(410, "post.deleted", field="post_id") if outcome == "deleted" else ApiError(
                404, "post.not_found", field="post_id")
        earlier = outcome
        svc.review_wakeup.set()
    if earlier.request_sha256 != request_sha:
        raise ApiError(409, "idempotency.conflict", field="Idempotency-Key")
    answer = localise(dict(earlier.response), lang)
    return JSONResponse(answer, status_code=earlier.status_code,
                        headers={"Location": answer["url"], "ETag": f'"{answer["revision"]}"'})


@router.delete("/posts/{post_id}", status_code=204, responses=DELETE_RESPONSES,
               summary="Take one's post down: its page answers 410, the profile stops listing it")
async def remove(request: Request, post_id: str, creator: Creator = Depends(current_creator)) -> Response:
    svc = services(request)
    if await run_in_threadpool(delete_post, svc.db, creator.id, post_id) == "not_found":
        raise ApiError(404, "post.not_found", field="post_id")
    return Response(status_code=204)
