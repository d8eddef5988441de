"""A throw-away static site for the image harness: Pyodide, wheels and the image worker from dist/,
our source tree, the test images; served by a tiny HTTP server on 127.0.0.1 (a free port)."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
DIST = ROOT / "dist"
# Order matters for loadPackage without a resolver: dependencies first.
WHEEL_ORDER = ("typing_extensions", "annotated_types", "typing_inspection", "pydantic_core", "pydantic", "pillow")


class SiteError(RuntimeError):
    pass


def _dist_dir(kind: str, marker: str) -> Path:
    found = sorted(DIST.glob(f"_v/*/{kind}/{marker}"))
    if not found:
        raise SiteError(f"dist/ has no {kind}/{marker}: build dist/ first (python3 build.py)")
    return found[-1].parent


def _source_zip(target: Path) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for folder in ("py/creatorpost", "assets"):
            for path in sorted((ROOT / folder).rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts and "server" not in path.parts:
                    archive.write(path, path.relative_to(ROOT).as_posix())


def build_site(root: Path, files: dict[str, Path]) -> Path:
    """Lay out the harness under root; `files` are served under vectors/<name>."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("index.html", "harness.mjs"):
        shutil.copyfile(HERE / name, root / name)
    for link, source in (("pyodide", _dist_dir("pyodide", "pyodide.mjs")),
                         ("wheels", _dist_dir("wheels", "pydantic-*.whl")),
                         ("app", _dist_dir("app", "image_worker.js"))):
        if not (root / link).exists():
            os.symlink(source, root / link)
    wheels = sorted(p.name for p in (root / "wheels").glob("*.whl") if not p.name.startswith("creatorpost-"))
    ordered = sorted(wheels, key=lambda n: next((i for i, w in enumerate(WHEEL_ORDER) if n.startswith(w + "-")), 99))
    (root / "wheels.json").write_text(json.dumps(ordered))
    _source_zip(root / "source.zip")
    vectors = root / "vectors"
    vectors.mkdir(exist_ok=True)
    for name, path in files.items():
        target = vectors / name
        if not target.exists():
            os.symlink(path, target)
    return root


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm",
                      ".json": "application/json", ".whl": "application/zip", ".zip": "application/zip"}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@contextmanager
def serve_dir(root: Path) -> Iterator[str]:
    """Serve root on 127.0.0.1:<free port> until the block ends; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
