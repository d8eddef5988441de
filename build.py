#!/usr/bin/env python3
"""Creator Post Studio: set up, build, serve and test from one entry point.

    python3 build.py serve   # set everything up, build dist/, run the app on 127.0.0.1:8000
    python3 build.py test    # set everything up, build dist/, run the whole test suite

Standard library only: this file runs before the virtual environment exists. Every step
keeps a stamp of its inputs, so a second run redoes only what changed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence

from tools.build.common import BROWSER_PLATFORM, DIST, ROOT, VENV, BuildError, venv_python
from tools.build.dist import build
from tools.build.environment import ensure_chromium, ensure_firefox, ensure_postgresql, setup
from tools.build.pytest_run import pytest_arguments, pytest_environment

# The steps live in tools/build/ (standard library only, like this file): common (paths, stamps),
# environment (venv, npm, Debian packages), wheels (the browser's wheels), dist (assembling dist/), pytest_run
# (how `test` runs pytest).
# Names the tests reach through this module:
from tools.build.dist import (  # noqa: E402,F401
    cache_version,
    manifest,
    precache_paths,
    render_shell,
    set_api_base,
    versioned_dir,
    write_service_worker,
)
from tools.build.common import pinned  # noqa: E402,F401
from tools.build.wheels import (  # noqa: E402,F401
    WheelName,
    compile_wheels,
    own_wheel_files,
    pillow_wheel,
    select_browser_wheels,
    write_wheel,
)


def cmd_setup(args: argparse.Namespace) -> int:
    setup(["server", "test"] if args.tests else ["server"])
    if args.tests:
        ensure_chromium()
        ensure_firefox()
        ensure_postgresql()
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    setup(["server"])
    build(args.api_base, args.pillow_wheel, args.partner_origins)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    setup(["server"])
    build(args.api_base, args.pillow_wheel, args.partner_origins)
    cli = VENV / "bin" / "creatorpost"
    os.execv(cli, [str(cli), "serve", "--host", args.host, "--port", str(args.port), "--dist", str(DIST)])


def cmd_test(args: argparse.Namespace) -> int:
    setup(["server", "test"])
    ensure_chromium()
    ensure_firefox()
    ensure_postgresql()
    build(args.api_base, args.pillow_wheel, args.partner_origins)
    command = [str(venv_python()), "-m", "pytest", *pytest_arguments(args.pytest_args)]
    return subprocess.run(command, cwd=ROOT, env=pytest_environment()).returncode


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    setup_parser = commands.add_parser("setup", help="create .venv, install Python and npm packages")
    setup_parser.add_argument("--tests", action="store_true",
                              help="also what the tests need (Chromium, Firefox ESR, PostgreSQL)")
    setup_parser.set_defaults(run=cmd_setup)
    for name, handler, help_text in (("build", cmd_build, "assemble dist/"),
                                     ("serve", cmd_serve, "build, then run the endpoint and the app"),
                                     ("test", cmd_test, "build, then run the whole test suite")):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--api-base", default="", help="the endpoint's address when dist/ is hosted elsewhere")
        sub.add_argument("--partner-origins", default="", metavar="ORIGINS",
                         help="for a dist/ hosted elsewhere: comma-separated origins whose pages may embed the editor")
        sub.add_argument("--pillow-wheel", metavar="PATH", help=f"a Pillow wheel for {BROWSER_PLATFORM}")
        sub.set_defaults(run=handler)
        if name == "serve":
            sub.add_argument("--host", default="127.0.0.1")
            sub.add_argument("--port", type=int, default=8000)
        if name == "test":
            sub.add_argument("pytest_args", nargs=argparse.REMAINDER, help="passed on to pytest")
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # options after `test` belong to pytest (`build.py test -x -q tests/unit`)
        if args.command != "test":
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        args.pytest_args = unknown + list(args.pytest_args)
    try:
        return int(args.run(args))
    except BuildError as error:
        print(f"build.py: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
