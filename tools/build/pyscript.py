"""PyScript on the editor page: its settings, which of its files ship, and the downloads the page
starts at once (issue 12: what makes Python start sooner)."""

from __future__ import annotations

import re
from pathlib import Path

from tools.build.common import RUNTIME_FILES

# PyScript loads these at start unless told not to; the editor uses none of them (`error` stays).
PYSCRIPT_PLUGINS_OFF = ("codemirror", "deprecations-manager", "donkey", "py-editor", "py-game", "py-terminal")
PYSCRIPT_PLUGINS_ON = ("error",)
_STATIC_IMPORT = re.compile(r'(?:\bfrom|\bimport)\s*"\./([\w.-]+\.js)"')


def pyscript_config(interpreter: str, wheel_urls: list[str]) -> dict[str, object]:
    """PyScript's settings: our loader for Pyodide, the wheels installed as they are (no micropip, so
    no package index and no graph of Pyodide's packages to fetch), no plugin the editor does not use.
    PyScript loads the plugins once per script type: index.html's <mpy-config> turns them off for
    MicroPython too, which the page never runs."""
    return {"interpreter": interpreter, "packages": wheel_urls, "packages_cache": "passthrough", "index_urls": [],
            "plugins": [f"!{name}" for name in PYSCRIPT_PLUGINS_OFF]}


def pyscript_files(folder: Path) -> list[Path]:
    """The files of PyScript's dist/ that the page loads with our settings: core.js, the plugins left
    on, and what they import statically. Not the code editor, terminal and others (dist/ and the
    offline copy hold what runs); a chunk PyScript would still ask for fails the browser tests."""
    todo = ["core.js"] + sorted(p.name for p in folder.glob("*.js") if p.name.split("-")[0] in PYSCRIPT_PLUGINS_ON)
    found: set[str] = set()
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo += _STATIC_IMPORT.findall((folder / name).read_text())
    return [folder / name for name in sorted(found)]


def python_preloads(pyodide: str, wheel_urls: list[str]) -> str:
    """<link> tags that start every download Python needs as the page arrives, not one module after
    another once PyScript, our loader and Pyodide have each run (matching the fetches that use them).
    Pyodide's .wasm is prefetched, not preloaded: Chromium keeps its compiled code for the next visit
    only when it is streamed from the HTTP cache, which a preloaded response is not."""
    modules = [f"{pyodide}/{name}" for name in (*RUNTIME_FILES[:2], "pyodide.mjs", "pyodide.asm.mjs")]
    fetched = [f"{pyodide}/{name}" for name in ("python_stdlib.zip", "pyodide-lock.json")]
    links = [f'<link rel="modulepreload" href="{url}">' for url in modules]
    links += [f'<link rel="prefetch" href="{pyodide}/pyodide.asm.wasm">']
    links += [f'<link rel="preload" as="fetch" crossorigin="anonymous" href="{url}">' for url in fetched + wheel_urls]
    return "\n".join(f"  {link}" for link in links)
