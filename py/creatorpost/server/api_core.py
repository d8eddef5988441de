"""The calls that need only the core: the rule set, the post's JSON Schema, and validation."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from creatorpost import messages, rules, schema, validation
from creatorpost.server.auth import Creator, optional_creator
from creatorpost.server.deps import services
from creatorpost.server.jsonbody import json_body_openapi, read_json_object
from creatorpost.server.lang import request_language

router = APIRouter(prefix="/api", tags=["core"])

POST_BODY = json_body_openapi({"type": "object", "description": "A post as JSON (schema 1); see GET /api/schema."})


@router.get("/rules", summary="The rule set in force (compare `version` to know when to refresh)")
def get_rules() -> JSONResponse:
    ruleset = rules.load_rules("article")
    body: dict[str, Any] = dict(ruleset.public_dict())
    body.setdefault("version", ruleset.version)
    return JSONResponse(body, headers={"Cache-Control": "no-cache", "ETag": f'"rules-{ruleset.version}"'})


@router.get("/schema", summary="JSON Schema of the post, for partners who validate without Python")
def get_schema() -> JSONResponse:
    return JSONResponse(schema.post_json_schema(), media_type="application/schema+json")


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
    media = await services(request).media_infos(creator, post) if creator else None
    report = validation.validate(post, mode, context, platform=platform, media=media)
    return JSONResponse(messages.report_json(report, request_language(request.headers.get("accept-language"))))
