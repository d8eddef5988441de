"""How `build.py test` runs pytest: on every core, with compiled bytecode kept between runs.

Standard library only, like build.py.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from tools.build.common import CACHE

# One pytest worker per core (pytest-xdist), each with its own browser, PostgreSQL, S3 server and endpoints; a
# module's tests stay on one worker, so a module's fixture (a Firefox run, a fuzzed server) starts once. Modules
# are handed out in collection order, which tests/conftest.py begins with the longest ones.
PARALLEL = ["-n", "auto", "--dist", "loadscope", "--no-loadscope-reorder"]


def pytest_arguments(given: Sequence[str]) -> list[str]:
    """The caller's pytest arguments, run in parallel unless they say how (`-n 0` runs in this process)."""
    chosen = any(arg.startswith(("-n", "--numprocesses", "--dist")) or arg == "no:xdist" for arg in given)
    return [*given] if chosen else [*PARALLEL, *given]


def pytest_environment(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """Compiled bytecode (and pytest's rewritten test modules) kept under .cache/pycache between runs, even
    where the environment says PYTHONDONTWRITEBYTECODE: compiling everything again costs each of the run's
    processes seconds."""
    env = {k: v for k, v in environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.setdefault("PYTHONPYCACHEPREFIX", str(CACHE / "pycache"))
    return env
