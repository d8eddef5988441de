"""The wheels the browser installs: pydantic and its exact pydantic-core for Pyodide's platform from
PyPI, a Pillow wheel when one exists, and our own `creatorpost` wheel (the core and browser/ only),
all carrying cpython-314 bytecode compiled by the pinned Pyodide."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import tempfile
import tomllib
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tools.build.common import (
    BROWSER_ABI,
    BROWSER_PLATFORM,
    BROWSER_PYTHON,
    CACHE,
    CORE_ASSET_DIRS,
    ROOT,
    ZIP_EPOCH,
    BuildError,
    pinned,
    pyproject,
    run,
    say,
    sha256_file,
    stamp_matches,
    venv_python,
    write_stamp,
)


@dataclass(frozen=True)
class WheelName:
    """The parts of a wheel file name that decide where it can run (PEP 427)."""

    path: Path
    name: str
    version: str
    python: str
    abi: str
    platform: str

    @classmethod
    def parse(cls, path: Path) -> WheelName:
        parts = path.name.removesuffix(".whl").split("-")
        if not path.name.endswith(".whl") or len(parts) not in (5, 6):
            raise BuildError(f"not a wheel file name: {path.name}")
        name, version, python, abi, platform = parts[0], parts[1], parts[-3], parts[-2], parts[-1]
        return cls(path, name.lower().replace("_", "-"), version, python, abi, platform)

    def runs_in_browser(self) -> bool:
        pure = self.abi == "none" and self.platform == "any" and "py3" in self.python.split(".")
        native = BROWSER_PLATFORM in self.platform.split(".") and BROWSER_ABI in self.abi.split(".")
        return pure or native


def wheel_requirements(path: Path) -> list[str]:
    """Requires-Dist lines of a wheel that apply without extras."""
    with zipfile.ZipFile(path) as archive:
        metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        text = archive.read(metadata).decode()
    lines = [line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Requires-Dist:")]
    return [line for line in lines if "extra ==" not in line]


def select_browser_wheels(candidates: Iterable[Path], pydantic_version: str) -> list[Path]:
    """The wheels the browser needs for pydantic==version, checked for platform and exact pins.

    pydantic-core must be exactly the version the pinned pydantic requires, built for the
    running Pyodide: a near miss imports and then fails at the first model, so refuse it here.
    """
    wheels = [WheelName.parse(path) for path in candidates]
    by_name: dict[str, WheelName] = {}
    for wheel in wheels:
        if not wheel.runs_in_browser():
            continue
        if wheel.name == "pydantic" and wheel.version != pydantic_version:
            continue
        by_name.setdefault(wheel.name, wheel)
    if "pydantic" not in by_name:
        raise BuildError(f"no pydantic {pydantic_version} wheel among the downloaded wheels")
    needed = [r for r in wheel_requirements(by_name["pydantic"].path) if "platform_system" not in r]
    chosen = [by_name["pydantic"]]
    for requirement in needed:
        name = re.split(r"[<>=!~; \[]", requirement, maxsplit=1)[0].lower().replace("_", "-")
        found = by_name.get(name)
        if found is None:
            raise BuildError(f"no wheel for the browser ({BROWSER_PLATFORM}) satisfies {requirement}")
        exact = re.search(r"==\s*([^\s,;]+)", requirement)
        if exact and found.version != exact.group(1):
            raise BuildError(f"pydantic {pydantic_version} needs {requirement}, found {found.path.name}")
        chosen.append(found)
    return sorted((w.path for w in chosen), key=lambda p: p.name)


def fetch_browser_wheels() -> list[Path]:
    version = pinned(pyproject()["project"]["dependencies"], "pydantic")
    folder = CACHE / "browser-wheels" / f"pydantic-{version}"
    if not stamp_matches("browser-wheels", version) or not folder.is_dir():
        run([venv_python(), "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
             "--only-binary=:all:", "--platform", BROWSER_PLATFORM, "--python-version", BROWSER_PYTHON,
             "--implementation", "cp", "--dest", folder, f"pydantic=={version}"])
        write_stamp("browser-wheels", version)
    return select_browser_wheels(folder.glob("*.whl"), version)


def pillow_wheel(given: str | None) -> Path | None:
    """A Pillow wheel for the browser: the deployer's, else PyPI's once one is published."""
    if given:
        path = Path(given).resolve()
        wheel = WheelName.parse(path)
        if wheel.name != "pillow" or not wheel.runs_in_browser() or wheel.abi == "none":
            raise BuildError(f"--pillow-wheel must be a Pillow wheel for {BROWSER_ABI}-{BROWSER_PLATFORM}: {path.name}")
        return path
    version = pinned(pyproject()["project"]["optional-dependencies"]["server"], "pillow")
    folder = CACHE / "browser-wheels" / f"pillow-{version}"
    if not stamp_matches("pillow-wheel", version):
        folder.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [str(venv_python()), "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
             "--only-binary=:all:", "--platform", BROWSER_PLATFORM, "--python-version", BROWSER_PYTHON,
             "--implementation", "cp", "--dest", str(folder), f"pillow=={version}"],
            capture_output=True, text=True)
        if result.returncode != 0:
            say(f"PyPI has no Pillow {version} wheel for {BROWSER_PLATFORM} yet: the browser uses its own image codecs")
        write_stamp("pillow-wheel", version)
    found = sorted(folder.glob("pillow-*.whl"))
    return found[0] if found else None




def own_wheel_files() -> dict[str, bytes]:
    """Archive name -> bytes for the browser wheel: the core and browser/, never server/ or testing/."""
    package = ROOT / "py" / "creatorpost"
    files: dict[str, bytes] = {}
    for path in sorted(package.rglob("*.py")) + sorted(package.rglob("*.pyi")):
        relative = path.relative_to(package)
        if relative.parts[0] in ("server", "testing") or "__pycache__" in relative.parts:
            continue
        files["creatorpost/" + relative.as_posix()] = path.read_bytes()
    for folder in CORE_ASSET_DIRS:
        for path in sorted((ROOT / "assets" / folder).rglob("*")):
            if path.is_file():
                name = "creatorpost/_assets/" + path.relative_to(ROOT / "assets").as_posix()
                if path.suffix == ".toml":  # parsed here once, not by tomllib at every first start (resources.py)
                    files[name + ".json"] = toml_as_json(path)
                else:
                    files[name] = path.read_bytes()
    return files


def toml_as_json(path: Path) -> bytes:
    """A TOML asset's data as JSON; a value JSON cannot carry (a date, a time) stops the build, naming the file."""
    try:
        return json.dumps(tomllib.loads(path.read_text(encoding="utf-8")), ensure_ascii=False,
                          separators=(",", ":"), allow_nan=False).encode()
    except (TypeError, ValueError) as error:
        raise BuildError(f"{path} holds a value JSON cannot carry: {error}") from error


def write_wheel(destination: Path, name: str, version: str, files: dict[str, bytes]) -> Path:
    """A minimal, reproducible pure-Python wheel (fixed timestamps, sorted entries)."""
    info = f"{name}-{version}.dist-info"
    contents = dict(files)
    contents[f"{info}/METADATA"] = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()
    contents[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: build.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = [_record_line(n, d) for n, d in sorted(contents.items())]
    contents[f"{info}/RECORD"] = ("\n".join(record + [f"{info}/RECORD,,"]) + "\n").encode()
    path = destination / f"{name}-{version}-py3-none-any.whl"
    write_zip(path, contents)
    return path


def write_zip(path: Path, contents: dict[str, bytes]) -> None:
    """A reproducible archive: sorted entries, fixed timestamps and permissions."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for archive_name, data in sorted(contents.items()):
            entry = zipfile.ZipInfo(archive_name, ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, data)


def _record_line(name: str, data: bytes) -> str:
    return f"{name},sha256={_record_hash(data)},{len(data)}"


def _record_hash(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def compile_wheels(wheels: Sequence[Path]) -> list[Path]:
    """The wheels with cpython-314 bytecode beside every module, made by the pinned Pyodide in node.

    PyPI wheels carry only .py files, which the browser would compile again on every visit
    (half a second for pydantic and our package here). Results are kept in .cache/ by content.
    """
    pyodide = json.loads((ROOT / "node_modules" / "pyodide" / "package.json").read_text())["version"]
    compiled: list[Path] = []
    todo: list[tuple[Path, Path]] = []
    for wheel in wheels:
        digest = hashlib.sha256(f"{sha256_file(wheel)} pyodide {pyodide}".encode()).hexdigest()[:16]
        target = CACHE / "compiled-wheels" / digest / wheel.name
        compiled.append(target)
        if not target.is_file():
            todo.append((wheel, target))
    if todo:
        with tempfile.TemporaryDirectory() as tmp:
            folders = [Path(tmp) / str(i) for i in range(len(todo))]
            for (wheel, _), folder in zip(todo, folders):
                with zipfile.ZipFile(wheel) as archive:
                    archive.extractall(folder)
            run(["node", ROOT / "tools" / "compile_pyc.mjs", *folders])
            for (_, target), folder in zip(todo, folders):
                target.parent.mkdir(parents=True, exist_ok=True)
                zip_wheel_folder(folder, target)
    return compiled


def zip_wheel_folder(folder: Path, target: Path) -> None:
    """Zip an unpacked wheel reproducibly, its RECORD extended with the files added since."""
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    record_name = next(n for n in files if n.endswith(".dist-info/RECORD"))
    listed = {line.split(",", 1)[0] for line in files[record_name].decode().splitlines() if line}
    added = [_record_line(n, d) for n, d in sorted(files.items()) if n not in listed]
    files[record_name] = files[record_name].rstrip(b"\n") + b"\n" + "".join(f"{a}\n" for a in added).encode()
    partial = target.with_suffix(".partial")
    write_zip(partial, files)
    partial.rename(target)
