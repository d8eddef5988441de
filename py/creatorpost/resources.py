"""Read the project's data files (rule files, message catalogs) wherever the core runs.

In the browser wheel the files travel inside the package as `creatorpost/_assets/`
(build.py puts them there); from a source checkout they are read from `assets/`. Both are plain
folders (wheels are unpacked, never imported from a zip), so a path beside this file finds them:
importlib.resources would cost the editor's first start in Pyodide an import of its own.

TOML files are read as data with `asset_table`. The wheel carries each already parsed, as JSON in its place
(`<name>.toml.json`, made by the build): tomllib is a pure-Python parser, and importing and running it cost
the first start in Pyodide about a tenth of a second, where json is built in and already loaded.
"""

import json
from pathlib import Path
from typing import Any

_PACKAGED = Path(__file__).resolve().parent / "_assets"
_SOURCE_ROOT = Path(__file__).resolve().parents[2] / "assets"


def asset_bytes(relative: str) -> bytes:
    """The bytes of `assets/<relative>`, e.g. `asset_bytes("rules/article.toml")`."""
    packaged = _PACKAGED.joinpath(*relative.split("/"))
    if packaged.is_file():
        return packaged.read_bytes()
    source = _SOURCE_ROOT / relative
    if not source.is_file():
        raise FileNotFoundError(f"asset {relative!r} is in neither the package nor {_SOURCE_ROOT}")
    return source.read_bytes()


def asset_text(relative: str) -> str:
    return asset_bytes(relative).decode("utf-8")


def asset_table(relative: str) -> dict[str, Any]:
    """The data of a TOML asset, e.g. `asset_table("rules/article.toml")`: in the wheel, its parsed twin."""
    twin = _PACKAGED.joinpath(*relative.split("/")).with_name(relative.rsplit("/", 1)[-1] + ".json")
    if twin.is_file():
        data: dict[str, Any] = json.loads(twin.read_bytes())
        return data
    import tomllib  # only where no twin was made: CPython, from the source tree

    return tomllib.loads(asset_text(relative))
