"""What the page gets of PyScript and what it asks for at once (tools/build/pyscript.py)."""

import json
import re
from pathlib import Path

import pytest

from tools.build import common, pyscript

PYSCRIPT_DIST = common.ROOT / "node_modules" / "@pyscript" / "core" / "dist"


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def test_only_core_the_plugins_left_on_and_what_they_import_ship(tmp_path: Path) -> None:
    folder = write(tmp_path, {
        "core.js": 'export*from"./core-AAA.js";',
        "core-AAA.js": 'import("./py-editor-BBB.js");import("./codemirror-CCC.js");const s="import";',
        "error-DDD.js": 'import{a}from"./core-AAA.js";import"./shared-EEE.js";',
        "shared-EEE.js": "",
        "py-editor-BBB.js": 'import{a}from"./core-AAA.js";',
        "codemirror-CCC.js": "",
        "xterm-FFF.js": "",
    })
    assert [p.name for p in pyscript.pyscript_files(folder)] == ["core-AAA.js", "core.js", "error-DDD.js",
                                                                "shared-EEE.js"]


def test_the_pinned_pyscript_ships_without_its_editor_and_terminal() -> None:
    names = {p.name for p in pyscript.pyscript_files(PYSCRIPT_DIST)}
    assert "core.js" in names and any(n.startswith("error-") for n in names)
    assert not [n for n in names if n.startswith(("codemirror", "xterm", "py-editor", "py-terminal", "zip-"))]


def test_plugins_are_off_for_both_script_types_in_the_built_page() -> None:
    if not (common.DIST / "index.html").is_file():
        pytest.skip("dist/ is not built; `python3 build.py test` builds it first")
    html = (common.DIST / "index.html").read_text()
    config = json.loads(re.search(r"config='([^']+)'", html).group(1))  # type: ignore[union-attr]
    mpy = json.loads(re.search(r"<mpy-config hidden>(.*?)</mpy-config>", html).group(1))  # type: ignore[union-attr]
    assert config["plugins"] == mpy["plugins"] == [f"!{name}" for name in pyscript.PYSCRIPT_PLUGINS_OFF]
    assert config["interpreter"].endswith("/pyodide/interpreter.mjs")


def test_the_wasm_is_prefetched_and_everything_else_python_needs_preloaded() -> None:
    """A preloaded .wasm would be compiled afresh on every visit: Chromium keeps compiled code only
    beside an HTTP cache entry, which a preloaded response is not; a prefetch fills that entry."""
    links = pyscript.python_preloads("./_v/p/pyodide", ["./_v/w/a.whl"]).splitlines()
    assert '  <link rel="prefetch" href="./_v/p/pyodide/pyodide.asm.wasm">' in links
    assert not [link for link in links if "preload" in link and ".wasm" in link]
    preloaded = {re.search(r'href="([^"]+)"', link).group(1) for link in links if "preload" in link}  # type: ignore[union-attr]
    assert preloaded == {"./_v/p/pyodide/interpreter.mjs", "./_v/p/pyodide/python_snapshot.mjs",
                         "./_v/p/pyodide/pyodide.mjs", "./_v/p/pyodide/pyodide.asm.mjs",
                         "./_v/p/pyodide/python_stdlib.zip", "./_v/p/pyodide/pyodide-lock.json", "./_v/w/a.whl"}
