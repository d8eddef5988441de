"""Strip or re-encode? What a photo that needs no resizing costs to leave without metadata.

    /path/to/venv/bin/python bench/strip/bench_strip.py [--runs 7]

Needs the `bench` extra (numpy, for SSIM) and a built dist/. Generates camera-like files that the
image policy keeps as they are (within 2000x2000, upright, JPEG or flat/transparent PNG), each
carrying what phones write (EXIF with GPS and a thumbnail, XMP, MPF and an appended gain-map
picture; PNG text and eXIf chunks), then measures both ways of removing it:

  strip     imaging.strip: the file rebuilt from its decoding segments, pixels untouched
  reencode  decode and encode again at the same size: Pillow (our endpoint engine's encoder
            settings: JPEG quality 85 optimised, PNG level 6) on CPython, createImageBitmap +
            OffscreenCanvas (quality 0.85) in Chromium, where the editor runs

For each: median time of N runs (the two take turns, after a warm-up round), output bytes, SSIM of
the output against the decoded original (luma, over white for transparent pictures), and the
metadata left (tests.hostile.leaks). Prints a table; writes bench/results/strip-<time>.txt.
"""

from __future__ import annotations

import argparse
import base64
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench" / "images")]

from PIL import ExifTags, Image, PngImagePlugin  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from creatorpost.imaging.facts import Plan  # noqa: E402
from creatorpost.imaging.pillow_engine import PillowEngine  # noqa: E402
from creatorpost.imaging.strip import strip_metadata  # noqa: E402
from measure import flat_graphic, photo_like, ssim  # noqa: E402
from tests.browser.imaging.site import build_site, serve_dir  # noqa: E402
from tests.hostile.leaks import leaks  # noqa: E402

RESULTS = ROOT / "bench" / "results"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
READY_MS = 180_000
QUALITY = 85


def _save(im: Image.Image, fmt: str, **options: Any) -> bytes:
    buffer = io.BytesIO()
    im.save(buffer, fmt, **options)
    return buffer.getvalue()


def _camera_exif(width: int, height: int) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 15"
    exif[ExifTags.Base.Orientation] = 1
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 22.0, 31.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (4.0, 53.0, 12.0)
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = "SN-0042-1337"
    return exif.tobytes()


def _xmp() -> bytes:
    return (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            b'<rdf:Description exif:GPSLatitude="52,22.5N" exif:GPSLongitude="4,53.2E"/></rdf:RDF></x:xmpmeta>'
            + b" " * 2000)


def phone_jpeg() -> bytes:
    """2000x1500 at quality 92 with EXIF (GPS, serial), XMP, and a gain-map picture appended."""
    im = photo_like(2000, 1500, 11)
    primary = _save(im, "JPEG", quality=92, exif=_camera_exif(2000, 1500), xmp=_xmp())
    gain_map = _save(im.resize((500, 375)).convert("L"), "JPEG", quality=80, exif=_camera_exif(500, 375))
    return primary + gain_map


def progressive_jpeg() -> bytes:
    """1600x1200 progressive at quality 90 with a comment and XMP."""
    return _save(photo_like(1600, 1200, 12), "JPEG", quality=90, progressive=True, comment=b"shot at home",
                 xmp=_xmp())


def flat_png() -> bytes:
    """A 1600x1600 drawing with text chunks and eXIf."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "52.37N 4.89E")
    info.add_itxt("XML:com.adobe.xmp", _xmp().decode())
    return _save(flat_graphic(1600), "PNG", pnginfo=info, exif=_camera_exif(1600, 1600))


def transparent_png() -> bytes:
    """A 1200x900 photo with a soft alpha edge, with text chunks."""
    im = photo_like(1200, 900, 13).convert("RGBA")
    im.putalpha(Image.linear_gradient("L").rotate(90).resize(im.size))
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "at home")
    return _save(im, "PNG", pnginfo=info)


INPUTS: dict[str, Callable[[], bytes]] = {
    "phone_2000x1500.jpg": phone_jpeg,
    "progressive_1600x1200.jpg": progressive_jpeg,
    "drawing_1600x1600.png": flat_png,
    "transparent_1200x900.png": transparent_png,
}


def _format(name: str) -> str:
    return "png" if name.endswith(".png") else "jpeg"


def _seen(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as im:
        rgba = im.convert("RGBA")
    page = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(page, rgba).convert("RGB")


def cpython_runs(data: bytes, fmt: str, runs: int) -> dict[str, dict[str, Any]]:
    engine = PillowEngine()
    with Image.open(io.BytesIO(data)) as im:
        plan = Plan(width=im.width, height=im.height, format=fmt, orientation=1, quality=QUALITY,
                    min_quality=QUALITY, max_bytes=None)
    ways: dict[str, Callable[[], bytes]] = {
        "strip": lambda: strip_metadata(data, fmt),
        "reencode": lambda: engine.transform(data, plan).data,
    }
    found: dict[str, dict[str, Any]] = {way: {"times": []} for way in ways}
    for round_ in range(runs + 1):
        for way, run in ways.items():
            started = time.perf_counter()
            out = run()
            if round_:
                found[way]["times"].append((time.perf_counter() - started) * 1000)
            found[way]["data"] = out
    return found


def browser_runs(inputs: dict[str, Path], runs: int) -> tuple[dict[tuple[str, str], dict[str, Any]], str]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    with TemporaryDirectory() as folder:
        root = build_site(Path(folder), inputs)
        for name in ("strip.html", "strip.mjs"):
            (root / name).write_bytes((HERE / name).read_bytes())
        with serve_dir(root) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url + "/strip.html")
            page.wait_for_selector("html[data-bench]", state="attached", timeout=READY_MS)
            if page.evaluate("document.documentElement.dataset.bench") != "ready":
                raise RuntimeError(page.evaluate("document.documentElement.dataset.error"))
            for name in inputs:
                fmt = _format(name)
                for way in ("strip", "reencode"):
                    found[(name, way)] = {"times": []}
                for round_ in range(runs + 1):
                    keep = round_ == runs
                    strip = page.evaluate("([u, f, k]) => window.bench.strip(u, f, k)", [f"vectors/{name}", fmt, keep])
                    again = page.evaluate("([u, t, q, k]) => window.bench.reencode(u, t, q, k)",
                                          [f"vectors/{name}", f"image/{fmt}", QUALITY / 100, keep])
                    for way, result in (("strip", strip), ("reencode", again)):
                        if round_:
                            found[(name, way)]["times"].append(result["ms"])
                        if result["data"]:
                            found[(name, way)]["data"] = base64.b64decode(result["data"])
            version = browser.version
            browser.close()
    return found, version


def row(name: str, where: str, way: str, original: bytes, result: dict[str, Any]) -> str:
    data: bytes = result["data"]
    score = ssim(_seen(data), _seen(original))
    left = len(leaks(data))
    return (f"{name:<27} {where:<9} {way:<9} {statistics.median(result['times']):>9.1f} "
            f"{len(original):>10} {len(data):>10} {score:>7.4f} {left:>6}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    lines = [f"{'input':<27} {'where':<9} {'way':<9} {'median ms':>9} {'in bytes':>10} {'out bytes':>10} "
             f"{'SSIM':>7} {'leaks':>6}"]
    with TemporaryDirectory() as folder:
        inputs: dict[str, Path] = {}
        for name, make in INPUTS.items():
            inputs[name] = Path(folder) / name
            inputs[name].write_bytes(make())
        in_browser, version = browser_runs(inputs, args.runs)
        for name, path in inputs.items():
            original = path.read_bytes()
            on_cpython = cpython_runs(original, _format(name), args.runs)
            for way in ("strip", "reencode"):
                lines.append(row(name, "CPython", way, original, on_cpython[way]))
            for way in ("strip", "reencode"):
                lines.append(row(name, "Chromium", way, original, in_browser[(name, way)]))
    lines.append(f"runs: {args.runs} (median), Chromium {version}, Python {sys.version.split()[0]}")
    text = "\n".join(lines)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"strip-{time.strftime('%Y%m%d-%H%M%S')}.txt").write_text(text + "\n")


if __name__ == "__main__":
    main()
