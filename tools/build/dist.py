"""Assembling `dist/`: the static site a creator's browser loads. Big files live under
`_v/<content hash>/` (a URL changes exactly when a byte does); the shell, the service worker and
`embed.js` sit at the root; `manifest.json` lists every file's sha256."""

from __future__ import annotations

import ast
import gzip
import hashlib
import json
import re
import shutil
import tomllib
from collections.abc import Sequence
from html import escape as html_escape
from pathlib import Path

from tools.build.common import (
    COMPRESSIBLE,
    CORE_ASSET_DIRS,
    DIST,
    EMBED,
    GENERATED,
    PYODIDE_FILES,
    ROOT,
    ROOT_FILES,
    RUNTIME_FILES,
    SERVICE_WORKER,
    BuildError,
    fingerprint,
    pyproject,
    run,
    say,
    sha256_file,
    stamp_matches,
    write_stamp,
)
from tools.build.pyscript import pyscript_config, pyscript_files, python_preloads
from tools.build.wheels import compile_wheels, fetch_browser_wheels, own_wheel_files, pillow_wheel, write_wheel


def manifest(folder: Path) -> dict[str, dict[str, object]]:
    """relative path -> {sha256, bytes} for every file under folder except the manifest itself."""
    entries: dict[str, dict[str, object]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if relative != "manifest.json":
            entries[relative] = {"sha256": sha256_file(path), "bytes": path.stat().st_size}
    return entries


def versioned_dir(staging: Path, name: str) -> str:
    """Move staging/<name> to _v/<content hash>/<name>: its URL changes exactly when a byte does."""
    source = staging / name
    digest = hashlib.sha256()
    for relative, entry in manifest(source).items():
        digest.update(f"{relative}\0{entry['sha256']}\n".encode())
    url = f"_v/{digest.hexdigest()[:16]}/{name}"
    target = staging / url
    target.parent.mkdir(parents=True, exist_ok=True)
    source.rename(target)
    return url


def precompress(folder: Path) -> None:
    """Write `<file>.gz` beside big compressible files so the endpoint never gzips at request time."""
    for path in sorted(folder.rglob("*")):
        if path.suffix in COMPRESSIBLE and path.stat().st_size >= 1024:
            with path.open("rb") as source, gzip.GzipFile(path.with_name(path.name + ".gz"), "wb", 9, mtime=0) as out:
                shutil.copyfileobj(source, out, 1 << 20)


def fill_slots(template: str, values: dict[str, str], source: str) -> str:
    """Fill `{{name}}` slots of a file under web/; an unknown or unfilled slot is a build error."""
    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise BuildError(f"{source} uses {{{{{key}}}}} but build.py has no value for it")
        return values[key]

    return re.sub(r"\{\{\s*([a-z_]+)\s*\}\}", fill, template)


# What the page says before Python has started (web/boot.js): its own words, and the screen's words that
# web/index.html names with data-i18n* attributes, in every language of assets/ui/.
BOOT_KEYS = ("app.loading", "app.loading_label", "app.failed", "boot.starting", "boot.rules", "boot.checks",
             "boot.pending")
_I18N_ATTRIBUTE = re.compile(r'data-i18n(?:-[a-z-]+)?="([^"]+)"')


def boot_text(page: str) -> str:
    """{lang: {"dir": "ltr" or "rtl", "words": {key: text}}} of what `page` (web/index.html) needs before
    Python, as JSON that may sit inside a <script> element."""
    keys = sorted({*BOOT_KEYS, *_I18N_ATTRIBUTE.findall(page)})
    catalogs: dict[str, dict[str, object]] = {}
    for path in sorted((ROOT / "assets" / "ui").glob("*.toml")):
        with path.open("rb") as f:
            catalog = tomllib.load(f)
        catalogs[path.stem] = {"dir": catalog.get("dir", "ltr"),
                               "words": {key: catalog["ui"][key] for key in keys if key in catalog["ui"]}}
    return json.dumps(catalogs, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def _source_constant(source: Path, name: str) -> object:
    """The literal value of `name = ...` at the top of a module of ours, read without importing it (the build
    imports none of the package)."""
    for node in ast.parse(source.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id == name:
            return ast.literal_eval(value)
    raise BuildError(f"{source} has no {name} = <a literal>")


def language_key() -> str:
    """The storage key of the language a creator picked (LANGUAGE in py/creatorpost/browser/storage_keys.py),
    for web/boot.js, which reads it before Python has started."""
    key = _source_constant(ROOT / "py" / "creatorpost" / "browser" / "storage_keys.py", "LANGUAGE")
    if not isinstance(key, str):
        raise BuildError("storage_keys.LANGUAGE is not a string")
    return key


def language_options() -> str:
    """The language picker's <option>s in web/index.html: creatorpost.languages.SUPPORTED_LANGS in order, each
    named in its own words (`name` in assets/messages/<code>.toml)."""
    codes = _source_constant(ROOT / "py" / "creatorpost" / "languages.py", "SUPPORTED_LANGS")
    if not isinstance(codes, tuple) or not all(isinstance(code, str) for code in codes):
        raise BuildError("languages.SUPPORTED_LANGS is not a tuple of language codes")
    options = []
    for code in codes:
        with (ROOT / "assets" / "messages" / f"{code}.toml").open("rb") as f:
            name = str(tomllib.load(f)["name"])
        options.append(f'<option value="{html_escape(code)}">{html_escape(name)}</option>')
    return "\n          ".join(options)


def render_shell(template: str, values: dict[str, str]) -> str:
    """Fill `{{name}}` slots of web/index.html; an unknown or unfilled slot is a build error."""
    html = fill_slots(template, values, "web/index.html")
    return html.replace("<!doctype html>", f"<!doctype html>\n<!-- {GENERATED} -->", 1)


def precache_paths(files: dict[str, dict[str, object]]) -> list[str]:
    """What sw.js keeps for offline use, relative to itself: the shell ("./") and every file under _v/.

    Not the `.gz` twins (the endpoint chooses the encoding) nor any other file at the root.
    """
    if "index.html" not in files:
        raise BuildError("the service worker needs index.html in dist/ first")
    versioned = [p for p in files if p.startswith("_v/") and not (p.endswith(".gz") and p[:-3] in files)]
    return ["./"] + [f"./{p}" for p in sorted(versioned)]


def cache_version(files: dict[str, dict[str, object]], paths: Sequence[str]) -> str:
    """16 hex digits that change exactly when a byte of a precached file does."""
    digest = hashlib.sha256()
    for path in paths:
        name = "index.html" if path == "./" else path.removeprefix("./")
        digest.update(f"{name}\0{files[name]['sha256']}\n".encode())
    return digest.hexdigest()[:16]


def write_service_worker(staging: Path, files: dict[str, dict[str, object]]) -> Path:
    """dist/sw.js from web/sw.js with this build's cache name and file list (served at /, so its scope is the app)."""
    paths = precache_paths(files)
    script = fill_slots((ROOT / "web" / SERVICE_WORKER).read_text(), {
        "cache_version": cache_version(files, paths), "precache": json.dumps(paths, indent=1),
    }, f"web/{SERVICE_WORKER}")
    target = staging / SERVICE_WORKER
    target.write_text(f"// {GENERATED}\n{script}")
    return target


API_META = re.compile(r'(<meta name="creatorpost-api" content=")[^"]*(">)')


def set_api_base(html: str, url: str) -> str:
    """The shell with the endpoint's address in its `creatorpost-api` meta; "" means the page's own origin.

    Used by the build and by anyone re-pointing a built dist/ at an endpoint on another origin.
    """
    url = url.strip().rstrip("/")
    if url and not re.fullmatch(r"https?://[^\s\"'<>/?#]+(/[^\s\"'<>?#]*)?", url):
        raise BuildError(f"--api-base must be an http(s) address like https://api.example.com, not {url!r}")
    filled, count = API_META.subn(lambda m: m.group(1) + html_escape(url, quote=True) + m.group(2), html, count=1)
    if count != 1:
        raise BuildError('index.html has no <meta name="creatorpost-api" content="...">')
    return filled


PARTNERS_META = re.compile(r'(<meta name="creatorpost-partners" content=")[^"]*(">)')
_ORIGIN = re.compile(r"https?://[a-z0-9.\-]+(:[0-9]{1,5})?|https?://\[[0-9a-f:.]+\](:[0-9]{1,5})?")


def set_partner_origins(html: str, origins: str) -> str:
    """The shell with the sites allowed to embed it in its `creatorpost-partners` meta (space-separated).

    The endpoint writes its own CREATORPOST_PARTNER_ORIGINS there as it serves the page; this is for a
    dist/ hosted elsewhere, whose host must also send `Content-Security-Policy: frame-ancestors 'self'
    <the same origins>` with index.html (README, "Embedding in a partner site").
    """
    listed = [o.strip().rstrip("/").lower() for o in origins.replace(" ", ",").split(",") if o.strip()]
    for origin in listed:
        if not _ORIGIN.fullmatch(origin):
            raise BuildError(f"--partner-origins takes origins like https://partner.example, not {origin!r}")
    filled, count = PARTNERS_META.subn(lambda m: m.group(1) + " ".join(listed) + m.group(2), html, count=1)
    if count != 1:
        raise BuildError('index.html has no <meta name="creatorpost-partners" content="...">')
    return filled


def build(api_base: str = "", pillow: str | None = None, partner_origins: str = "") -> Path:
    wheels = fetch_browser_wheels()
    extra_wheel = pillow_wheel(pillow)
    if extra_wheel:
        wheels.append(extra_wheel)
    sources = [ROOT / "web", ROOT / "py" / "creatorpost", ROOT / "package-lock.json", ROOT / "build.py",
               ROOT / "tools" / "build",
               ROOT / "tools" / "compile_pyc.mjs", ROOT / "tools" / "assemble_wat.mjs"]
    sources += [ROOT / "assets" / d for d in CORE_ASSET_DIRS] + wheels
    key = fingerprint(sources, extra=f"{api_base}\n{partner_origins}")
    if (DIST / "manifest.json").is_file() and stamp_matches("dist", key):
        say("dist/ is up to date")
        return DIST
    staging = ROOT / "build" / "dist"
    shutil.rmtree(staging, ignore_errors=True)
    for folder in ("pyodide", "pyscript", "wheels", "app"):
        (staging / folder).mkdir(parents=True)
    modules = ROOT / "node_modules"
    for name in PYODIDE_FILES:
        shutil.copy2(modules / "pyodide" / name, staging / "pyodide" / name)
    for path in pyscript_files(modules / "@pyscript" / "core" / "dist"):
        shutil.copy2(path, staging / "pyscript" / path.name)
    version = str(pyproject()["project"]["version"])
    (staging / "own").mkdir()
    own = write_wheel(staging / "own", "creatorpost", version, own_wheel_files())
    for wheel in compile_wheels([*wheels, own]):
        shutil.copy2(wheel, staging / "wheels" / wheel.name)
    shutil.rmtree(staging / "own")
    for path in sorted((ROOT / "web").iterdir()):
        if path.suffix == ".wat":  # WebAssembly text: shipped assembled, by the pinned wabt
            run(["node", ROOT / "tools" / "assemble_wat.mjs", path, staging / "app" / f"{path.stem}.wasm"])
        elif path.is_file() and path.name not in ROOT_FILES:
            shutil.copy2(path, staging / ("pyodide" if path.name in RUNTIME_FILES else "app") / path.name)
    urls = {name: versioned_dir(staging, name) for name in ("pyodide", "pyscript", "wheels", "app")}
    wheel_urls = [f"./{urls['wheels']}/{w.name}" for w in sorted(wheels + [own], key=lambda p: p.name)]
    config = pyscript_config(f"./{urls['pyodide']}/{RUNTIME_FILES[0]}", wheel_urls)
    page = (ROOT / "web" / "index.html").read_text()
    html = render_shell(page, {
        "pyscript": f"./{urls['pyscript']}", "app": f"./{urls['app']}", "api_base": "",
        "pyscript_config": json.dumps(config, separators=(",", ":")),
        "mpy_config": json.dumps({"plugins": config["plugins"]}, separators=(",", ":")),
        "python_preloads": python_preloads(f"./{urls['pyodide']}", wheel_urls),
        "boot_text": boot_text(page), "language_key": html_escape(language_key()),
        "language_options": language_options(),
    })
    (staging / "index.html").write_text(set_partner_origins(set_api_base(html, api_base), partner_origins))
    shutil.copy2(ROOT / "web" / EMBED, staging / EMBED)
    write_service_worker(staging, manifest(staging))
    precompress(staging)
    files = manifest(staging)
    (staging / "manifest.json").write_text(json.dumps({"generated": GENERATED, "files": files}, indent=1))
    shutil.rmtree(DIST, ignore_errors=True)
    staging.rename(DIST)
    write_stamp("dist", key)
    total = sum(int(e["bytes"]) for e in files.values())  # type: ignore[call-overload]
    say(f"dist/ assembled: {len(files)} files, {total / 1e6:.1f} MB")
    return DIST
