"""build.py as an importable module for the tests (it lives at the top level, not in a package)."""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def load_build() -> ModuleType:
    if "creatorpost_build" in sys.modules:
        return sys.modules["creatorpost_build"]
    spec = importlib.util.spec_from_file_location("creatorpost_build", ROOT / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["creatorpost_build"] = module
    spec.loader.exec_module(module)
    return module
