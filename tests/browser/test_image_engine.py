"""The browser engine (createImageBitmap, Lanczos in WebAssembly, OffscreenCanvas, driven from Pyodide)
meets the same table as Pillow: in its worker (the editor's way) and on the page (the fallback)."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops
from playwright.sync_api import Browser

from creatorpost.imaging.pillow_engine import PillowEngine
from creatorpost.imaging.pipeline import process
from creatorpost.testing.image_conformance import VECTORS, is_blue, is_red, marker_points, vector
from tests.browser.imaging.site import DIST, build_site, serve_dir
from tests.vectors.images.generate import generate, run_folder

HARNESS_READY_MS = 120_000  # a cold Pyodide start on a busy 2-core machine; a ceiling, not a wait


@pytest.fixture(scope="module")
def vectors(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return generate(run_folder(tmp_path_factory.getbasetemp()))


@pytest.fixture(scope="module", params=["worker", "page"])
def browser_results(request: pytest.FixtureRequest, browser: Browser, vectors: dict[str, Path],
                    tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    where = request.param
    root = build_site(tmp_path_factory.mktemp(f"image_site_{where}"), vectors)
    errors: list[str] = []
    with serve_dir(root) as url:
        context = browser.new_context()
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url + "/index.html")
        page.wait_for_selector("html[data-harness]", state="attached", timeout=HARNESS_READY_MS)
        assert page.evaluate("document.documentElement.dataset.harness") == "ready", page.evaluate(
            "document.documentElement.dataset.error")
        results = json.loads(page.evaluate("([rows, where]) => window.harness.conformance(rows, 'browser', where)",
                                            ["[]", where]))
        context.close()
    assert errors == []
    yield {r["name"]: r for r in results}


@pytest.mark.browser
@pytest.mark.parametrize("name", [row.name for row in VECTORS])
def test_browser_engine_reaches_the_tables_decision(name: str, browser_results: dict[str, Any]) -> None:
    """A creator's browser says the same as the endpoint: same refusal code, same size, same format."""
    assert browser_results[name]["problems"] == []


@pytest.mark.browser
@pytest.mark.parametrize("name", [row.name for row in VECTORS if row.action != "reject"])
def test_browser_output_matches_pillow_and_is_upright(
    name: str, browser_results: dict[str, Any], vectors: dict[str, Path],
) -> None:
    """Within a pixel of Pillow's size, upright, no EXIF left."""
    row = vector(name)
    produced = browser_results[name]["image"]
    data = base64.b64decode(produced["data"])
    pillow = process(PillowEngine(), vectors[name].read_bytes(), row.role).image
    assert pillow is not None
    assert abs(produced["width"] - pillow.width) <= 1 and abs(produced["height"] - pillow.height) <= 1
    with Image.open(io.BytesIO(data)) as im:
        assert (im.format or "").lower() == produced["format"] and not im.getexif()
        rgb = im.convert("RGB")
    if row.marked:
        red_at, blue_at = marker_points(rgb.width, rgb.height)
        assert is_red(rgb.getpixel(red_at)) and is_blue(rgb.getpixel(blue_at))  # type: ignore[arg-type]


@pytest.mark.browser
def test_pillow_in_the_browser(browser: Browser, vectors: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> None:
    """Pillow inside Pyodide (when its wheel is in dist/) meets the same table."""
    if not list(DIST.glob("_v/*/wheels/pillow-*pyemscripten*.whl")):
        pytest.skip("no Pillow wheel for Pyodide in dist/ (PyPI publishes none yet; build.py --pillow-wheel PATH adds one)")
    root = build_site(tmp_path_factory.mktemp("image_site_pillow"), vectors)
    with serve_dir(root) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + "/index.html")
        page.wait_for_selector("html[data-harness='ready']", state="attached", timeout=HARNESS_READY_MS)
        results = json.loads(page.evaluate("(rows) => window.harness.conformance(rows, 'pillow')", "[]"))
        context.close()
    assert {r["name"]: r["problems"] for r in results} == {row.name: [] for row in VECTORS}


def _striped_photo(path: Path) -> Path:
    """Fabric-like 3-pixel stripes over a gradient, 3000x2000: an area-average resize turns them to moiré."""
    width, height = 3000, 2000
    im = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    stripes = Image.new("RGB", (width, height), (240, 235, 220))
    for x in range(0, width, 3):
        stripes.paste((40, 40, 60), (x, 0, x + 1, height))
    Image.blend(im, stripes, 0.7).save(path, "JPEG", quality=95)
    return path


def _luma_difference(produced: bytes, reference: Image.Image) -> float:
    with Image.open(io.BytesIO(produced)) as im:
        ours = im.convert("L")
    theirs = reference.convert("L")
    assert ours.size == theirs.size
    gap = ImageChops.difference(ours, theirs).histogram()
    return sum(level * count for level, count in enumerate(gap)) / (ours.width * ours.height)


@pytest.mark.browser
def test_fine_stripes_come_out_as_pillow_lanczos_makes_them(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A fabric photo keeps its texture: the worker resizes like Pillow's LANCZOS, not into moiré;
    without its worker the page still fits the photo."""
    folder = tmp_path_factory.mktemp("stripes")
    source = _striped_photo(folder / "stripes.jpg")
    with Image.open(source) as im:
        reference = im.convert("RGB").resize((2000, 1333), Image.Resampling.LANCZOS)
    root = build_site(folder / "site", {"stripes.jpg": source})
    with serve_dir(root) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + "/index.html")
        page.wait_for_selector("html[data-harness='ready']", state="attached", timeout=HARNESS_READY_MS)
        fitted = {where: json.loads(page.evaluate(
            "([where]) => window.harness.fit('vectors/stripes.jpg', 'image', 'jpeg', where)", [where]))
            for where in ("worker", "page", "lost")}
        context.close()
    differences = {where: _luma_difference(base64.b64decode(out["data"]), reference) for where, out in fitted.items()}
    assert (fitted["worker"]["width"], fitted["worker"]["height"]) == (2000, 1333)
    # JPEG at 0.85 alone leaves about a grey level on such stripes; moiré leaves several.
    assert differences["worker"] < 2.0, differences
    assert differences["worker"] < differences["page"] / 2, differences
    # A worker script that cannot load (a stale cache, a strict proxy) costs quality, never the photo.
    assert (fitted["lost"]["width"], fitted["lost"]["height"]) == (2000, 1333)
    assert differences["lost"] == pytest.approx(differences["page"], abs=0.01), differences
