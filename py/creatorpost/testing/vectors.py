"""Run one case of the shared validation vectors (tests/vectors/validation.json).

tests/unit compares `run_vector`'s report with each case's `expected` (a change detector: the file
is generated, see tests/vectors/make_validation_vectors.py); tests/browser sends every case, media
included, through `creatorpost.validate` inside Pyodide and compares with the same call on CPython,
so the two runtimes must produce identical reports.

A case: {"name", "post", "mode"?, "context"?: {"level", "store_ids"}, "platform"?,
"media"?: {media_id: {"format", "width", "height", "bytes"}}, "expected": {"valid", "findings"}}.
"""

from __future__ import annotations

from typing import Any

from creatorpost.creators import CreatorContext
from creatorpost.media import MediaInfo
from creatorpost.validation import validate


def run_vector(case: dict[str, Any]) -> dict[str, Any]:
    """The report for `case` as JSON data: {"valid", "findings": [{code, severity, field, params}]}."""
    media = {key: MediaInfo.model_validate(value) for key, value in (case.get("media") or {}).items()}
    report = validate(
        case["post"],
        case.get("mode", "draft"),
        CreatorContext.from_json(case.get("context")),
        platform=case.get("platform", "desktop"),
        media=media or None,
    )
    return report.model_dump(mode="json")


def run_vectors(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """[{"name", "ok", "actual"}] for each case, for a runner that reports all at once."""
    results = []
    for case in cases:
        actual = run_vector(case)
        results.append({"name": case["name"], "ok": actual == case["expected"], "actual": actual})
    return results
