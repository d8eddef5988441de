"""The rule set in force (`GET /api/rules`) and the post's JSON Schema (`GET /api/schema`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from creatorpost import rules, schema

router = APIRouter(prefix="/api", tags=["rules"])


@router.get("/rules", summary="The rule set in force (compare `version` to know when to refresh)")
def get_rules() -> JSONResponse:
    ruleset = rules.load_rules()
    body: dict[str, Any] = dict(ruleset.public_dict())
    body.setdefault("version", ruleset.version)
    return JSONResponse(body, headers={"Cache-Control": "no-cache", "ETag": f'"rules-{ruleset.version}"'})


@router.get("/schema", summary="JSON Schema of the post, for partners who validate without Python")
def get_schema() -> JSONResponse:
    return JSONResponse(schema.post_json_schema(), media_type="application/schema+json")
