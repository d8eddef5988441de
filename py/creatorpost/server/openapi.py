"""The OpenAPI document: FastAPI's, plus the post's JSON Schema as `components.schemas.Post`
(its `$defs` moved beside it), so partners and fuzzers see what a post looks like."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from creatorpost.schema import post_json_schema

POST_REF = {"$ref": "#/components/schemas/Post"}
_POST_PATHS = (("/api/posts", "post"), ("/api/posts/validate", "post"), ("/api/posts/{post_id}", "put"))


def _post_components() -> dict[str, Any]:
    schema = post_json_schema()
    defs = schema.pop("$defs", {})
    schema.pop("$schema", None)
    schema.pop("$id", None)
    text = json.dumps({"Post": schema, **{f"Post{name}": value for name, value in defs.items()}})
    for name in defs:
        text = text.replace(f'"#/$defs/{name}"', f'"#/components/schemas/Post{name}"')
    components: dict[str, Any] = json.loads(text)
    return components


def install_openapi(app: FastAPI) -> None:
    def build() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(title=app.title, version=app.version, routes=app.routes,
                                   description="Creator Post Studio endpoint. Errors: "
                                               '{"error": {"code", "message", "field"}}.')
            document.setdefault("components", {}).setdefault("schemas", {}).update(_post_components())
            for path, method in _POST_PATHS:
                operation = document["paths"].get(path, {}).get(method)
                if operation is not None:
                    operation["requestBody"] = {"required": True,
                                                "content": {"application/json": {"schema": POST_REF}}}
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = build  # type: ignore[method-assign]
