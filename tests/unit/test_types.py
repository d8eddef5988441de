"""The whole tree type-checks in strict mode: the package (the JavaScript boundary typed by py/stubs),
build.py and its steps under tools/, and the tests themselves."""

import subprocess


def test_mypy_strict_finds_nothing(mypy_run: subprocess.Popen[str]) -> None:
    """A wrong type anywhere in core, browser, server, build or test code fails here, before a creator meets it."""
    output, _ = mypy_run.communicate(timeout=900)
    assert mypy_run.returncode == 0, output
    assert "Success: no issues found" in output
