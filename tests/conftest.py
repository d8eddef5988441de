"""What every test shares: the hypothesis profile, the `browser` marker on every browser test, and
mypy started as soon as the tests are collected (it takes a core for half a minute; tests/unit/
test_types.py reads its verdict when its turn comes).

Under pytest-xdist (`build.py test` runs `-n auto --dist loadscope --no-loadscope-reorder`) every
worker collects every test but only one runs test_types.py, and no worker knows at collection which
one: there mypy starts when the test asks. The long single modules go first (mypy, then the Firefox
run), so neither is left for the end while the other worker idles.

The default profile ("ci") has no per-example deadline: on a busy 2-core machine a slow example is
not a failure of the code (a deadline failure was seen in test_hashtags). `HYPOTHESIS_PROFILE=dev`
brings hypothesis's own deadline back for local work.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.register_profile("dev")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
BROWSER_TESTS = (ROOT / "tests" / "browser", ROOT / "tests" / "firefox")
MYPY_TARGETS = ("py/creatorpost", "build.py", "tools", "tests")
MYPY = pytest.StashKey[subprocess.Popen[str]]()


def start_mypy() -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "mypy", *MYPY_TARGETS], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


MYPY_TEST = "tests/unit/test_types.py"
LONG_MODULES = (MYPY_TEST, "tests/firefox/")  # under xdist, handed out first, in this order


def in_xdist_worker() -> bool:
    return "PYTEST_XDIST_WORKER" in os.environ


def pytest_collection_finish(session: pytest.Session) -> None:
    if not in_xdist_worker() and any(item.nodeid.startswith(MYPY_TEST) for item in session.items):
        session.config.stash[MYPY] = start_mypy()


@pytest.fixture
def mypy_run(request: pytest.FixtureRequest) -> subprocess.Popen[str]:
    """The mypy run over the whole tree, started at collection (or now, when run alone)."""
    return request.config.stash.get(MYPY, None) or start_mypy()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/browser or tests/firefox drives a real browser: `-m "not browser"` leaves them out.
    Under xdist the long modules move to the front (see above)."""
    for item in items:
        if any(folder in Path(str(item.fspath)).resolve().parents for folder in BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)
    if in_xdist_worker():
        def rank(item: pytest.Item) -> int:
            return next((i for i, prefix in enumerate(LONG_MODULES) if item.nodeid.startswith(prefix)),
                        len(LONG_MODULES))

        items.sort(key=rank)  # stable: the rest keep their order
