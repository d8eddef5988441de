"""build.py's pieces that can go wrong: wheel selection for the browser, the wheel, the manifest."""

import hashlib
import json
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from creatorpost.browser import storage_keys
from creatorpost.languages import SUPPORTED_LANGS
from tools.build import common, dist, wheels

CORE = "pydantic_core-2.50.5-cp314-cp314-pyemscripten_2026_0_wasm32.whl"
PURE = ["annotated_types-0.8.0-py3-none-any.whl", "typing_extensions-4.16.0-py3-none-any.whl",
        "typing_inspection-0.4.5-py3-none-any.whl"]


def fake_wheel(folder: Path, filename: str, requires: Sequence[str] = ()) -> Path:
    path = folder / filename
    name, version = filename.split("-")[:2]
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    metadata += "".join(f"Requires-Dist: {r}\n" for r in requires)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{name}-{version}.dist-info/METADATA", metadata)
    return path


def pydantic_wheel(folder: Path, version: str = "2.14.4", core: str = "2.50.5") -> Path:
    return fake_wheel(folder, f"pydantic-{version}-py3-none-any.whl", [
        "annotated-types>=0.6.0", f"pydantic-core=={core}", "typing-extensions>=4.16.0",
        "typing-inspection>=0.4.4", "email-validator>=2.0.0; extra == 'email'",
        "tzdata; (platform_system == 'Windows') and extra == 'timezone'",
    ])


def test_selects_pydantic_its_exact_core_and_pure_dependencies(tmp_path: Path) -> None:
    paths = [pydantic_wheel(tmp_path), fake_wheel(tmp_path, CORE)] + [fake_wheel(tmp_path, p) for p in PURE]
    chosen = wheels.select_browser_wheels(paths, "2.14.4")
    assert [p.name for p in chosen] == sorted([CORE, "pydantic-2.14.4-py3-none-any.whl", *PURE])


def test_refuses_a_core_of_another_version(tmp_path: Path) -> None:
    paths = [pydantic_wheel(tmp_path), fake_wheel(tmp_path, CORE.replace("2.50.5", "2.50.4"))]
    paths += [fake_wheel(tmp_path, p) for p in PURE]
    with pytest.raises(common.BuildError, match=r"pydantic-core==2\.50\.5"):
        wheels.select_browser_wheels(paths, "2.14.4")


def test_refuses_a_core_built_for_linux(tmp_path: Path) -> None:
    linux = "pydantic_core-2.50.5-cp314-cp314-manylinux_2_17_x86_64.whl"
    paths = [pydantic_wheel(tmp_path), fake_wheel(tmp_path, linux)] + [fake_wheel(tmp_path, p) for p in PURE]
    with pytest.raises(common.BuildError, match="no wheel for the browser"):
        wheels.select_browser_wheels(paths, "2.14.4")


def test_refuses_when_the_pinned_pydantic_is_missing(tmp_path: Path) -> None:
    paths = [pydantic_wheel(tmp_path, version="2.14.3"), fake_wheel(tmp_path, CORE)]
    with pytest.raises(common.BuildError, match="no pydantic 2.14.4 wheel"):
        wheels.select_browser_wheels(paths, "2.14.4")


@pytest.mark.parametrize(("filename", "runs"), [
    ("pillow-13.0.0-cp314-cp314-pyemscripten_2026_0_wasm32.whl", True),
    ("pillow-13.0.0-cp313-cp313-pyodide_2025_0_wasm32.whl", False),
    ("pillow-13.0.0-cp311-cp311-manylinux_2_28_x86_64.whl", False),
    ("six-1.16.0-py2.py3-none-any.whl", True),
])
def test_knows_which_wheels_run_in_the_browser(filename: str, runs: bool) -> None:
    assert wheels.WheelName.parse(Path(filename)).runs_in_browser() is runs


def test_pillow_wheel_given_by_path_must_be_for_this_pyodide(tmp_path: Path) -> None:
    wrong = fake_wheel(tmp_path, "pillow-13.0.0-cp313-cp313-pyodide_2025_0_wasm32.whl")
    with pytest.raises(common.BuildError, match="--pillow-wheel"):
        wheels.pillow_wheel(str(wrong))
    right = fake_wheel(tmp_path, "pillow-13.0.0-cp314-cp314-pyemscripten_2026_0_wasm32.whl")
    assert wheels.pillow_wheel(str(right)) == right


def test_pins_must_be_exact() -> None:
    assert common.pinned(["fastapi==0.165.0", "pydantic == 2.14.4"], "pydantic") == "2.14.4"
    with pytest.raises(common.BuildError, match="must pin pydantic"):
        common.pinned(["pydantic>=2"], "pydantic")


def test_manifest_lists_every_file_with_its_hash_but_not_itself(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.js").write_bytes(b"console.log(1)")
    (tmp_path / "index.html").write_text("<!doctype html>")
    (tmp_path / "manifest.json").write_text("{}")
    assert dist.manifest(tmp_path) == {
        "a/x.js": {"sha256": hashlib.sha256(b"console.log(1)").hexdigest(), "bytes": 14},
        "index.html": {"sha256": hashlib.sha256(b"<!doctype html>").hexdigest(), "bytes": 15},
    }


def test_versioned_dir_url_changes_exactly_when_a_byte_does(tmp_path: Path) -> None:
    def url_for(content: bytes, staging: Path) -> str:
        (staging / "app").mkdir(parents=True)
        (staging / "app" / "app.css").write_bytes(content)
        return dist.versioned_dir(staging, "app")

    first, same, changed = (url_for(c, tmp_path / n) for c, n in ((b"a{}", "1"), (b"a{}", "2"), (b"b{}", "3")))
    assert first == same != changed
    assert (tmp_path / "1" / first / "app.css").read_bytes() == b"a{}"


def test_own_wheel_is_reproducible_and_never_holds_the_server(tmp_path: Path) -> None:
    files = wheels.own_wheel_files()
    assert "creatorpost/rules.py" in files and "creatorpost/browser/app.py" in files
    assert "creatorpost/_assets/rules/article.toml.json" in files
    assert not [name for name in files if name.endswith(".toml")]  # each as its parsed twin only
    assert not [name for name in files if name.startswith("creatorpost/server")]
    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    one = wheels.write_wheel(tmp_path / "1", "creatorpost", "0.1.0", files)
    two = wheels.write_wheel(tmp_path / "2", "creatorpost", "0.1.0", files)
    assert one.read_bytes() == two.read_bytes()
    with zipfile.ZipFile(one) as archive:
        record = archive.read("creatorpost-0.1.0.dist-info/RECORD").decode()
    assert "creatorpost/rules.py,sha256=" in record


def test_shell_slots_must_all_be_known() -> None:
    assert "<!-- generated by build.py" in dist.render_shell("<!doctype html><p>{{app}}</p>", {"app": "./_v/1/app"})
    with pytest.raises(common.BuildError, match="nonsense"):
        dist.render_shell("<p>{{nonsense}}</p>", {})



def test_the_shell_takes_the_language_key_from_storage_keys_py() -> None:
    """web/boot.js reads the creator's stored language under storage_keys.LANGUAGE, which the build hands it;
    no storage key is spelled in the shell's own files, so renaming one cannot part the shell from Python."""
    assert dist.language_key() == storage_keys.LANGUAGE
    keys = {value for name, value in vars(storage_keys).items() if name.isupper() and isinstance(value, str)}
    web = common.ROOT / "web"
    shell = [web / "index.html", *sorted(web.glob("*.js")), *sorted(web.glob("*.mjs"))]
    spelled = {(path.name, key) for path in shell for key in keys
               if re.search(rf"[\"'`]{re.escape(key)}", path.read_text(encoding="utf-8"))}
    assert spelled == set()



def test_the_language_picker_offers_the_supported_languages_in_their_own_words() -> None:
    options = re.findall(r'<option value="([a-z]+)">([^<]+)</option>', dist.language_options())
    assert [code for code, _ in options] == list(SUPPORTED_LANGS)
    named = dict(options)
    assert (named["en"], named["ar"], named["ru"]) == ("English", "العربية", "Русский")


# Hosts our Python may name: link targets a reader follows (never fetched by the editor) and
# identifiers that are not addresses to load. A new host here must be a deliberate choice.
LINK_HOSTS = {
    "www.aliexpress.com": "product and store pages a post links to",
    "www.youtube.com": "the canonical form of a video link",
    "json-schema.org": "the JSON Schema dialect named by $schema (an identifier, never loaded)",
    "creatorpost.example": "the $id of our JSON Schema (an identifier, never loaded)",
    "aliexpress.com@evil.io": "a hostile example in urls.py's documentation",
    # The reader's side (issue 16): links a person clicks; the editor and the endpoint request none.
    "www.facebook.com": "a network's share page, opened by a click on a share link ([repost] share_urls)",
    "www.pinterest.com": "a network's share page, opened by a click on a share link ([repost] share_urls)",
    "x.com": "a network's share page, opened by a click on a share link ([repost] share_urls)",
    "vk.com": "a network's share page, opened by a click on a share link ([repost] share_urls)",
    "www.youtube-nocookie.com": "the player a reader's page loads after a click on play ([videos] embed_origin)",
}
_COMMENTS = re.compile(r"/\*.*?\*/|(?<![:\\\"'`])//[^\n]*|<!--.*?-->", re.DOTALL)
_ABSOLUTE = re.compile(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", re.IGNORECASE)


def test_built_dist_refers_to_no_other_host() -> None:
    """Our own files in dist/ load nothing from another host: the shell, the service worker, embed.js and
    the app's scripts and styles hold no absolute address outside comments; our wheel names only the
    link targets listed above; every file matches its manifest entry."""
    built = common.DIST
    if not (built / "manifest.json").is_file():
        pytest.skip("dist/ is not built; `python3 build.py test` builds it first")
    files = json.loads((built / "manifest.json").read_text())["files"]
    ours = [name for name in files if not name.endswith(".gz") and (
        "/" not in name or "/app/" in name) and name.endswith((".html", ".js", ".mjs", ".css"))]
    assert {"index.html", "sw.js", "embed.js"} <= set(ours) and any("/app/" in n for n in ours)
    absolute = {name: _ABSOLUTE.findall(_COMMENTS.sub("", (built / name).read_text())) for name in ours}
    assert {name: found for name, found in absolute.items() if found} == {}
    (wheel,) = [name for name in files if re.search(r"/wheels/creatorpost-[^/]+\.whl$", name)]
    named: set[str] = set()
    with zipfile.ZipFile(built / wheel) as archive:
        for member in archive.namelist():
            if member.endswith((".py", ".toml", ".json", ".txt")):
                text = archive.read(member).decode("utf-8", "replace")
                named |= set(re.findall(r"https?://([^/\s\"'<>)\\]+)", text))
    assert named - set(LINK_HOSTS) == set()
    for name, entry in files.items():
        assert hashlib.sha256((built / name).read_bytes()).hexdigest() == entry["sha256"], name


def test_build_py_test_runs_on_every_core_unless_told_how() -> None:
    """`build.py test` adds pytest-xdist's workers; a caller's own -n, --dist or -p no:xdist wins."""
    from tools.build.pytest_run import PARALLEL, pytest_arguments

    assert pytest_arguments(["-m", "not browser"]) == [*PARALLEL, "-m", "not browser"]
    for own in (["-n", "0"], ["-n3"], ["--numprocesses=1"], ["--dist", "load"], ["-p", "no:xdist"]):
        assert pytest_arguments(["-q", *own]) == ["-q", *own]


def test_build_py_test_keeps_bytecode_under_the_cache() -> None:
    """Compiled modules go to .cache/pycache even where the environment forbids writing bytecode."""
    from tools.build.pytest_run import pytest_environment

    env = pytest_environment({"PYTHONDONTWRITEBYTECODE": "1", "HOME": "/root"})
    assert env == {"HOME": "/root", "PYTHONPYCACHEPREFIX": str(common.CACHE / "pycache")}
    assert pytest_environment({"PYTHONPYCACHEPREFIX": "/elsewhere"})["PYTHONPYCACHEPREFIX"] == "/elsewhere"


UNPACKED_START = """
import json, sys
from creatorpost import messages, rules, ui_text
from creatorpost.review_reasons import review_rules
from creatorpost.validation import validate
assert rules.__file__.startswith(sys.argv[1]), rules.__file__
report = validate({"type": "article", "title": "x" * 61, "blocks": []}, "publish")
print(json.dumps({"tomllib": "tomllib" in sys.modules, "codes": report.codes(),
                  "rules": rules.load_rules().model_dump(mode="json"), "review": review_rules().model_dump(mode="json"),
                  "messages": {lang: dict(messages.catalog(lang)) for lang in ("en", "ar")}}))
"""


def test_the_browser_wheel_reads_its_rules_and_catalogs_without_tomllib_and_as_written(tmp_path: Path) -> None:
    """The wheel's parsed twins of the TOML files say what the files say; the start never imports tomllib."""
    for name, data in wheels.own_wheel_files().items():
        if not name.endswith("dist-info"):
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_bytes(data)

    def start(path: Path) -> dict[str, Any]:
        run = subprocess.run([sys.executable, "-c", UNPACKED_START, str(path)], capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(path)}, timeout=120, check=True)
        result: dict[str, Any] = json.loads(run.stdout)
        return result

    twins = {name: data for name, data in wheels.own_wheel_files().items() if name.endswith(".toml.json")}
    assert len(twins) == sum(len(list((common.ROOT / "assets" / d).rglob("*.toml"))) for d in common.CORE_ASSET_DIRS)
    for name, data in twins.items():
        source_file = common.ROOT / "assets" / name.removeprefix("creatorpost/_assets/").removesuffix(".json")
        assert json.loads(data) == tomllib.loads(source_file.read_text(encoding="utf-8")), name
    wheel, source = start(tmp_path), start(common.ROOT / "py")
    assert wheel["tomllib"] is False and source["tomllib"] is True
    assert "title.too_long" in wheel["codes"]
    assert {key: wheel[key] for key in ("codes", "rules", "review", "messages")} == \
        {key: source[key] for key in ("codes", "rules", "review", "messages")}


def test_a_toml_asset_json_cannot_carry_stops_the_build_naming_it(tmp_path: Path) -> None:
    dated = tmp_path / "dated.toml"
    dated.write_text("since = 2026-11-29\n")
    with pytest.raises(common.BuildError, match="dated.toml"):
        wheels.toml_as_json(dated)
