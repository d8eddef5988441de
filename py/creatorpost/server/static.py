"""Serving the built browser app (`dist/`) at `/` so that a second visit reuses what it has.

Cache rules (build.py puts versions or hashes into the URLs of big, unchanging files):
- immutable for a year: paths under `/_v/`, file names carrying a content hash
  (`app.3f2a9c1d.js`, `x-3f2a9c1d0b.whl`), and manifest entries marked `"immutable": true`;
- everything else (index.html, manifest.json, sw.js, ...): `no-cache` with a strong ETag, and
  304 when the browser's If-None-Match still matches.
The ETag is the sha256 from `dist/manifest.json` (`{"files": {"path": {"sha256", "bytes"}}}`)
when listed, otherwise computed once per (path, size, mtime) and remembered.

The editor page (`index.html`) says who may frame it: `Content-Security-Policy: frame-ancestors 'self'`
plus `CREATORPOST_PARTNER_ORIGINS`, and the same list in its `creatorpost-partners` meta (rewritten
as it is served, so the page and the header never disagree), which the editor reads to know whom it
may talk to by postMessage (docs/ARCHITECTURE.md, "Embedding").

Compressible types are sent gzip-encoded to clients that accept it. The gzip bytes are made once
per content hash into `<data_dir>/cache/gzip/` (a 10 MB wasm costs ~0.5 s the first time, then
nothing), or taken from a `<file>.gz` that build.py may have written next to the file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from html import escape as html_escape
from pathlib import Path, PurePosixPath

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from creatorpost.server.conditional import accepts_gzip, etag_matches

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".webmanifest": "application/manifest+json; charset=utf-8",
    ".toml": "application/toml; charset=utf-8",
    ".py": "text/x-python; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".tar": "application/x-tar",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".data": "application/octet-stream",
}

# Worth compressing: text and wasm. Never zip/wheel/images/fonts (already compressed).
COMPRESSIBLE = {".html", ".htm", ".css", ".js", ".mjs", ".map", ".json", ".webmanifest", ".toml",
                ".py", ".txt", ".svg", ".wasm", ".tar", ".data"}
MIN_GZIP_BYTES = 256

PARTNERS_META = re.compile(rb'(<meta name="creatorpost-partners" content=")[^"]*(">)')
SHELL = "index.html"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_HASHED_NAME = re.compile(r"[.\-_][0-9a-f]{8,64}(?=[.\-_])", re.IGNORECASE)


@dataclass(frozen=True)
class _Entry:
    sha256: str
    immutable: bool


class StaticSite:
    """One `dist/` directory: path resolution, ETags, cache policy and gzip cache."""

    def __init__(self, root: Path, cache_dir: Path, partner_origins: tuple[str, ...] = ()) -> None:
        self.root = root.resolve()
        self.partner_origins = partner_origins
        self._shell: tuple[tuple[int, int], bytes, str, bytes] | None = None  # (stamp, body, sha, gzip body)
        self.gzip_dir = cache_dir / "gzip"
        self._lock = threading.Lock()
        self._gzip_locks: dict[str, threading.Lock] = {}
        self._manifest_stamp: tuple[int, int] | None = None
        self._manifest: dict[str, _Entry] = {}
        self._hashes: dict[tuple[str, int, int], str] = {}

    # -- lookup ---------------------------------------------------------------------------
    def resolve(self, url_path: str) -> Path | None:
        """The file for a URL path inside dist/, or None. Directories mean their index.html. No file
        name of ours holds a control character (a NUL would stop the file system call with an error)."""
        if _CONTROL.search(url_path):
            return None
        relative = PurePosixPath(url_path.lstrip("/"))
        if any(part in {"..", ""} or part.startswith(".") and part not in {".well-known"} for part in relative.parts):
            return None
        try:
            candidate = (self.root / relative).resolve()
            if candidate != self.root and self.root not in candidate.parents:
                return None
            if candidate.is_dir():
                candidate = candidate / "index.html"
            return candidate if candidate.is_file() else None
        except (OSError, ValueError):  # a name too long for the file system, or one it cannot encode
            return None

    def _load_manifest(self) -> dict[str, _Entry]:
        path = self.root / "manifest.json"
        try:
            stat = path.stat()
        except OSError:
            self._manifest, self._manifest_stamp = {}, None
            return self._manifest
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp != self._manifest_stamp:
            entries: dict[str, _Entry] = {}
            try:
                files = json.loads(path.read_text("utf-8")).get("files", {})
                for name, info in files.items() if isinstance(files, dict) else ():
                    if isinstance(info, dict) and isinstance(info.get("sha256"), str):
                        entries[name.lstrip("/")] = _Entry(info["sha256"].lower(), bool(info.get("immutable")))
            except (ValueError, AttributeError):
                entries = {}
            self._manifest, self._manifest_stamp = entries, stamp
        return self._manifest

    def sha256_of(self, path: Path) -> str:
        relative = path.relative_to(self.root).as_posix()
        with self._lock:
            entry = self._load_manifest().get(relative)
        if entry is not None:
            return entry.sha256
        stat = path.stat()
        key = (relative, stat.st_size, stat.st_mtime_ns)
        with self._lock:
            known = self._hashes.get(key)
        if known:
            return known
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        value = digest.hexdigest()
        with self._lock:
            self._hashes[key] = value
        return value

    def is_immutable(self, path: Path) -> bool:
        relative = path.relative_to(self.root).as_posix()
        if relative in {"index.html", "manifest.json"} or path.name in {"sw.js", "service-worker.js"}:
            return False
        if relative.startswith("_v/") or _HASHED_NAME.search(path.name):
            return True
        with self._lock:
            entry = self._load_manifest().get(relative)
        return bool(entry and entry.immutable)

    # -- gzip -----------------------------------------------------------------------------
    def gzipped(self, path: Path, sha256: str) -> Path:
        """A gzip file of `path`: build.py's `<file>.gz` if fresh, else our cached one."""
        beside = path.with_name(path.name + ".gz")
        if beside.is_file() and beside.stat().st_mtime_ns >= path.stat().st_mtime_ns:
            return beside
        target = self.gzip_dir / f"{sha256}.gz"
        if target.is_file():
            return target
        with self._lock:
            lock = self._gzip_locks.setdefault(sha256, threading.Lock())
        with lock:
            if target.is_file():
                return target
            self.gzip_dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.gzip_dir, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as out:
                    with path.open("rb") as src:
                        shutil.copyfileobj(src, out, 1 << 20)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        return target

    # -- the editor page ------------------------------------------------------------------
    @property
    def frame_ancestors(self) -> str:
        return " ".join(("frame-ancestors", "'self'", *self.partner_origins))

    def shell(self, path: Path) -> tuple[bytes, str, bytes]:
        """index.html as served: the partner list written into its meta; with its sha256 and gzip bytes."""
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            known = self._shell
        if known is not None and known[0] == stamp:
            return known[1], known[2], known[3]
        listed = html_escape(" ".join(self.partner_origins), quote=True).encode()
        body = PARTNERS_META.sub(lambda m: m.group(1) + listed + m.group(2), path.read_bytes(), count=1)
        sha = hashlib.sha256(body).hexdigest()
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        with self._lock:
            self._shell = (stamp, body, sha, packed)
        return body, sha, packed

    async def _respond_shell(self, request: Request, path: Path) -> Response:
        body, sha, packed = await run_in_threadpool(self.shell, path)
        use_gzip = accepts_gzip(request.headers.get("accept-encoding", "")) and "range" not in request.headers
        headers = {"Cache-Control": REVALIDATE, "ETag": f'"{sha}.gz"' if use_gzip else f'"{sha}"',
                   "X-Content-Type-Options": "nosniff", "Vary": "Accept-Encoding",
                   "Content-Security-Policy": self.frame_ancestors}
        if etag_matches(request.headers.get("if-none-match"), sha):
            return Response(status_code=304, headers=headers)
        if use_gzip:
            headers["Content-Encoding"] = "gzip"
        return Response(packed if use_gzip else body, media_type=CONTENT_TYPES[".html"], headers=headers)

    # -- the response ---------------------------------------------------------------------
    async def respond(self, request: Request, url_path: str) -> Response | None:
        path = self.resolve(url_path)
        if path is None:
            return None
        if path == self.root / SHELL:
            return await self._respond_shell(request, path)
        suffix = path.suffix.lower()
        content_type = CONTENT_TYPES.get(suffix, "application/octet-stream")
        sha = await run_in_threadpool(self.sha256_of, path)
        size = path.stat().st_size
        use_gzip = (
            suffix in COMPRESSIBLE
            and size >= MIN_GZIP_BYTES
            and accepts_gzip(request.headers.get("accept-encoding", ""))
            and "range" not in request.headers
        )
        etag = f'"{sha}.gz"' if use_gzip else f'"{sha}"'
        headers = {
            "Cache-Control": IMMUTABLE if self.is_immutable(path) else REVALIDATE,
            "ETag": etag,
            "X-Content-Type-Options": "nosniff",
        }
        if suffix in COMPRESSIBLE:
            headers["Vary"] = "Accept-Encoding"
        if etag_matches(request.headers.get("if-none-match"), sha):
            return Response(status_code=304, headers=headers)
        if use_gzip:
            packed = await run_in_threadpool(self.gzipped, path, sha)
            headers["Content-Encoding"] = "gzip"
            return FileResponse(packed, media_type=content_type, headers=headers)
        return FileResponse(path, media_type=content_type, headers=headers)
