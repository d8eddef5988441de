"""What every test shares: the hypothesis profile, and the `browser` marker on every browser test.

The default profile ("ci") has no per-example deadline: on a busy 2-core machine a slow example is
not a failure of the code (a deadline failure was seen in test_hashtags). `HYPOTHESIS_PROFILE=dev`
brings hypothesis's own deadline back for local work.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.register_profile("dev")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/browser drives a real browser: `-m "not browser"` leaves them all out."""
    for item in items:
        if BROWSER_TESTS in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)
