"""The whole tree type-checks in strict mode: the package (the JavaScript boundary typed by py/stubs),
build.py and its steps under tools/, and the tests themselves."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_mypy_strict_finds_nothing() -> None:
    """A wrong type anywhere in core, browser, server, build or test code fails here, before a creator meets it."""
    result = subprocess.run([sys.executable, "-m", "mypy", "py/creatorpost", "build.py", "tools", "tests"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
