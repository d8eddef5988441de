"""build.py ships wheels with bytecode made by the pinned Pyodide, so the browser does not compile them."""

import zipfile
from pathlib import Path

import pytest

from tools.build import common, wheels


def tiny_wheel(folder: Path) -> Path:
    path = folder / "tiny-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("tiny/__init__.py", "ANSWER = 6 * 7\n")
        archive.writestr("tiny-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: tiny\nVersion: 1.0\n")
        archive.writestr("tiny-1.0.dist-info/RECORD", "tiny/__init__.py,sha256=x,15\ntiny-1.0.dist-info/RECORD,,\n")
    return path


def test_every_module_gets_cpython_314_bytecode_listed_in_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A compiled wheel holds the module, its 3.14 .pyc, and a RECORD that names both."""
    if not (common.ROOT / "node_modules" / "pyodide" / "package.json").is_file():
        pytest.skip("node_modules/ is not installed; `python3 build.py test` installs it first")
    monkeypatch.setattr(wheels, "CACHE", tmp_path / "cache")
    source = tiny_wheel(tmp_path)
    (compiled,) = wheels.compile_wheels([source])
    with zipfile.ZipFile(compiled) as archive:
        names = sorted(archive.namelist())
        record = archive.read("tiny-1.0.dist-info/RECORD").decode()
        pyc = archive.read("tiny/__pycache__/__init__.cpython-314.pyc")
    assert names == ["tiny-1.0.dist-info/METADATA", "tiny-1.0.dist-info/RECORD",
                     "tiny/__init__.py", "tiny/__pycache__/__init__.cpython-314.pyc"]
    assert "tiny/__pycache__/__init__.cpython-314.pyc,sha256=" in record
    assert int.from_bytes(pyc[4:8], "little") == 0b01  # PEP 552: hash-based, not checked against the source
    stamp = compiled.stat().st_mtime_ns
    assert wheels.compile_wheels([source]) == [compiled]  # the second build takes it from the cache
    assert compiled.stat().st_mtime_ns == stamp
