"""Setting the machine up: the virtual environment, the npm packages, and Debian's Chromium, Firefox
ESR and PostgreSQL for the tests (installed when we are root, otherwise the exact command is printed)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from tools.build.common import (
    CACHE,
    CHROMIUM,
    FIREFOX,
    ROOT,
    VENV,
    BuildError,
    fingerprint,
    run,
    say,
    stamp_matches,
    venv_python,
    write_stamp,
)


def setup(extras: Sequence[str]) -> None:
    setup_venv(extras)
    setup_npm()


def setup_venv(extras: Sequence[str]) -> None:
    """Install the project with these extras; a venv that already has them for this pyproject is kept."""
    key = fingerprint([ROOT / "pyproject.toml"], extra=sys.version)
    stamp = CACHE / "stamps" / "venv"
    installed = stamp.read_text().split("\n") if stamp.is_file() else []
    if venv_python().exists() and installed[:1] == [key] and set(extras) <= set(installed[1:]):
        return
    if not venv_python().exists():
        run([sys.executable, "-m", "venv", VENV])
    wanted = sorted(set(extras) | (set(installed[1:]) if installed[:1] == [key] else set()))
    target = f".[{','.join(wanted)}]" if wanted else "."
    run([venv_python(), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target])
    write_stamp("venv", "\n".join([key, *wanted]))


def setup_npm() -> None:
    lock = ROOT / "package-lock.json"
    key = fingerprint([lock, ROOT / "package.json"])
    if (ROOT / "node_modules").is_dir() and stamp_matches("npm", key):
        return
    if shutil.which("npm") is None:
        install_debian_packages("nodejs npm")
    run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"])
    write_stamp("npm", key)


def ensure_chromium() -> None:
    if not CHROMIUM.exists():
        install_debian_packages("chromium")


def ensure_firefox() -> None:
    """Debian's Firefox ESR: the second browser (tests/firefox/, skipped without it)."""
    if FIREFOX.exists():
        return
    try:
        install_debian_packages("firefox-esr")
    except BuildError as missing:
        say(f"{missing} (until then the Firefox tests are skipped)")


def ensure_postgresql() -> None:
    """Debian's PostgreSQL: the server tests start a throwaway cluster of their own (skipped without it)."""
    if any(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        return
    try:
        install_debian_packages("postgresql")
    except BuildError as missing:
        say(f"{missing} (until then the PostgreSQL tests are skipped)")


def install_debian_packages(names: str) -> None:
    """Install from Debian when we are root; otherwise say the exact command."""
    command = f"apt-get update && apt-get install -y {names}"
    if os.geteuid() != 0:
        raise BuildError(f"this step needs Debian's {names}; install it with: sudo sh -c '{command}'")
    run(["sh", "-c", command], env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
