"""PyScript's settings for the editor page (issue 12: what makes Python start sooner)."""

from __future__ import annotations

# PyScript loads these at start unless told not to; the editor uses none of them (`error` stays).
PYSCRIPT_PLUGINS_OFF = ("codemirror", "deprecations-manager", "donkey", "py-editor", "py-game", "py-terminal")


def pyscript_config(interpreter: str, wheel_urls: list[str]) -> dict[str, object]:
    """PyScript's settings: our loader for Pyodide, the wheels installed as they are (no micropip, so
    no package index and no graph of Pyodide's packages to fetch), no plugin the editor does not use."""
    return {"interpreter": interpreter, "packages": wheel_urls, "packages_cache": "passthrough", "index_urls": [],
            "plugins": [f"!{name}" for name in PYSCRIPT_PLUGINS_OFF]}
