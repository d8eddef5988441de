"""The whole package type-checks in strict mode, the JavaScript boundary included (py/stubs)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_mypy_strict_finds_nothing() -> None:
    """A wrong type anywhere in core, browser or server code fails here, before a creator meets it."""
    result = subprocess.run([sys.executable, "-m", "mypy", "py/creatorpost"], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr
