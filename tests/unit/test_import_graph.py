"""Imports point one way (docs/ARCHITECTURE.md, "Layers"): the core never reaches into the browser,
the endpoint or the test harnesses, the two sides never import each other, and no modules import
each other in a circle. Read from the source with `ast`, so a lazy import inside a function counts."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "py" / "creatorpost"

# What each layer must never import (module prefixes).
CORE_MUST_NOT = ("creatorpost.browser", "creatorpost.server", "creatorpost.testing", "js", "pyodide", "fastapi",
                 "starlette", "sqlalchemy", "alembic", "uvicorn")
BROWSER_MUST_NOT = ("creatorpost.server", "creatorpost.testing", "fastapi", "starlette", "sqlalchemy", "alembic")
SERVER_MUST_NOT = ("creatorpost.browser", "creatorpost.testing", "js", "pyodide")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(path: Path) -> Iterator[str]:
    """Every module `path` imports, absolute, wherever the import statement stands."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)  # `from pkg import module`


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}
    return {name: {m for m in imported(path) if m in modules and m != name} | {m for m in imported(path) if m not in modules}
            for name, path in modules.items()}


def layer(name: str) -> str:
    for side in ("browser", "server", "testing"):
        if name == f"creatorpost.{side}" or name.startswith(f"creatorpost.{side}."):
            return side
    return "core"


def outward(name: str, targets: set[str]) -> list[str]:
    banned = {"core": CORE_MUST_NOT, "browser": BROWSER_MUST_NOT, "server": SERVER_MUST_NOT, "testing": ()}[layer(name)]
    return sorted(t for t in targets if any(t == b or t.startswith(b + ".") for b in banned))


def test_the_walker_sees_every_kind_of_import() -> None:
    sample = PACKAGE / "server" / "app.py"
    found = set(imported(sample))
    assert "creatorpost.server.routes.posts" in found  # `from creatorpost.server.routes import posts`
    assert "fastapi" in found


def test_no_layer_imports_outward() -> None:
    found = {name: bad for name, targets in graph().items() if (bad := outward(name, targets))}
    assert found == {}


def test_no_import_cycles() -> None:
    edges = {name: {t for t in targets if t.startswith("creatorpost")} for name, targets in graph().items()}
    # A package imports what it re-exports; only module-to-module edges make a cycle worth breaking.
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if target.startswith(node + "."):
                continue  # a package and its own modules
            if state.get(target) == 1:
                cycle = stack[stack.index(target):]
                if not any(a.startswith(b + ".") or b.startswith(a + ".") for a in cycle for b in cycle if a != b):
                    cycles.append(cycle + [target])
            elif target in edges and state.get(target) is None:
                visit(target)
        stack.pop()
        state[node] = 2

    for name in sorted(edges):
        if state.get(name) is None:
            visit(name)
    assert cycles == []
