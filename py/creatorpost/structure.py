"""Shape findings: what pydantic rejects in a post (unknown fields, unknown block kinds, wrong
types) turned into our own codes, so no raw pydantic message ever reaches a person."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from creatorpost.findings import Finding, error
from creatorpost.models import POST_ADAPTER

# pydantic error type -> the `expected` parameter of field.wrong_type
_EXPECTED = {
    "string_type": "string",
    "list_type": "list",
    "model_type": "object",
    "model_attributes_type": "object",
    "dict_type": "object",
    "int_type": "integer",
    "int_from_float": "integer",
    "bool_type": "boolean",
}


def _field(loc: tuple[int | str, ...]) -> str:
    parts = list(loc)
    # A discriminated union puts the block kind into the location: blocks.3.image.caption.
    if len(parts) >= 3 and parts[0] == "blocks":
        del parts[2]
    return ".".join(str(p) for p in parts)


def _finding(err: ErrorDetails) -> Finding | None:
    kind = err["type"]
    loc = tuple(err["loc"])
    if loc[:1] == ("schema",):
        return None  # the schema version is checked by validation itself
    field = _field(loc)
    if kind in ("extra_forbidden", "invalid_key"):
        return error("field.unknown", field, name=str(loc[-1]))
    if kind == "union_tag_invalid":
        return error("block.unknown_kind", field, kind=str((err.get("ctx") or {}).get("tag", "")))
    if kind == "union_tag_not_found":
        return error("block.kind_missing", field)
    if kind == "missing":
        return error("field.missing", field)
    return error("field.wrong_type", field, expected=_EXPECTED.get(kind, "other"))


def shape_findings(post: dict[str, Any]) -> list[Finding]:
    """Findings for everything in `post` that does not fit the post model (schema 1)."""
    try:
        POST_ADAPTER.validate_python(post)
    except ValidationError as exc:
        found = (_finding(err) for err in exc.errors(include_url=False, include_input=False, include_context=True))
        return [f for f in found if f is not None]
    return []
