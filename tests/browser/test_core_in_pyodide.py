"""The core gives the same answers in Pyodide inside Chromium as in CPython on the endpoint."""

import json
from pathlib import Path

from creatorpost.jsonapi import validate_json
from tests.browser.conftest import Visit

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "validation.json"
EXTRA_POSTS = [
    {"schema": 1, "type": "article", "title": "👩‍👩‍👧‍👦" * 60 + "🇪🇸"},
    {"schema": 1, "type": "article", "title": "  \u200b Bohemian Chic for less \u0007 "},
    {"schema": 1, "type": "article", "hashtags": ["#Baby&Kids", "baby&kids", "", "two words"]},
    "not a post",
]


def cases() -> list[tuple[str, str]]:
    """(post JSON, options JSON) for every shared vector, in two languages, plus a few extras."""
    loaded = json.loads(VECTORS.read_text())
    vectors = loaded["cases"] if isinstance(loaded, dict) else loaded
    pairs = []
    for case in vectors:
        for lang in ("en", "ar"):
            options = {"mode": case.get("mode", "draft"), "context": case.get("context"),
                       "platform": case.get("platform", "desktop"), "media": case.get("media"), "lang": lang}
            pairs.append((json.dumps(case["post"]), json.dumps(options)))
    pairs += [(json.dumps(post), json.dumps({"mode": "publish"})) for post in EXTRA_POSTS]
    return pairs


def test_every_vector_gets_the_same_report_in_pyodide_and_cpython(app_url: str, visit: Visit) -> None:
    """A creator's browser and the endpoint can never disagree about a post."""
    pairs = cases()
    assert len(pairs) > 20
    visit.open(app_url + "/")
    visit.wait_for_python()
    in_browser = visit.page.evaluate("(pairs) => pairs.map(([post, options]) => creatorpost.validate(post, options))",
                                     pairs)
    in_cpython = [validate_json(post, options) for post, options in pairs]
    mismatches = [(pair, b, c) for pair, b, c in zip(pairs, in_browser, in_cpython) if b != c]
    assert mismatches == []
    assert any(json.loads(report)["findings"] for report in in_cpython)
    assert any("banner.too_large" in report for report in in_browser)  # the media facts reached Pyodide
    visit.assert_clean()
