"""Small builders for the rule tests: posts and expected findings as plain data."""

from __future__ import annotations

from typing import Any

from creatorpost.creators import CreatorContext, Level
from creatorpost.media import MediaInfo
from creatorpost.validation import validate


def F(code: str, severity: str = "error", field: str = "", **params: Any) -> dict[str, Any]:
    return {"code": code, "severity": severity, "field": field, "params": params}


def findings(post: Any, mode: str = "draft", context: CreatorContext | None = None, **kwargs: Any) -> list[dict[str, Any]]:
    """The whole finding list of `post`, as JSON data."""
    report = validate(post, mode, context, **kwargs)  # type: ignore[arg-type]
    dumped: list[dict[str, Any]] = report.model_dump(mode="json")["findings"]
    assert report.valid == all(f["severity"] != "error" for f in dumped)
    return dumped


def post(**parts: Any) -> dict[str, Any]:
    return {"schema": 1, "type": "article", **parts}


def creator(level: str, *stores: str) -> CreatorContext:
    return CreatorContext(Level(level), frozenset(stores))


def media(fmt: str, width: int, height: int, size: int = 100_000) -> MediaInfo:
    return MediaInfo(format=fmt, width=width, height=height, bytes=size)


TEXT = {"kind": "text", "text": "Five pieces that work on the beach and in town."}
