"""The shared vector file gives the expected reports on CPython (Pyodide runs the same file in tests/browser)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from creatorpost.testing.vectors import run_vector, run_vectors

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "validation.json"
CASES: list[dict[str, Any]] = json.loads(VECTORS.read_text(encoding="utf-8"))


def test_the_file_is_plain_json_with_everything_needed() -> None:
    assert len(CASES) >= 30
    assert len({case["name"] for case in CASES}) == len(CASES)
    for case in CASES:
        assert set(case) <= {"name", "post", "mode", "context", "platform", "media", "expected"}
        assert set(case["expected"]) == {"valid", "findings"}
    assert any(case["expected"]["valid"] for case in CASES) and not all(case["expected"]["valid"] for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_vector(case: dict[str, Any]) -> None:
    assert run_vector(case) == case["expected"]


def test_run_vectors_reports_every_case() -> None:
    results = run_vectors(CASES)
    assert [r["name"] for r in results if not r["ok"]] == []
