"""Cold and warm load of the editor in headless Chromium, beside a bare Pyodide + pydantic page.

    .venv/bin/python bench/bench_load.py [--runs 5]

Needs a built dist/ (`python3 build.py build`). Serves a hard-linked copy of dist/ plus a bare
page (the same Pyodide, the same pydantic wheels, nothing of ours) from the real endpoint on a
free port, then for each run opens a new browser context (a cold cache), loads the page, waits
for `data-python="ready"`, and loads it once more in the same context (a second visit).
Prints medians: first contentful paint, time to ready, bytes over the wire, compressed and not.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.endpoints import DIST, serve  # noqa: E402

BARE_SCRIPT = """
import js
import pydantic
js.document.documentElement.dataset.python = "ready"
js.performance.mark("python-ready")
"""

METRICS_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const all = [nav, ...performance.getEntriesByType('resource')];
  const sum = (key) => all.reduce((n, e) => n + (e[key] || 0), 0);
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  return {
    fcp: paint ? paint.startTime : null,
    ready: performance.getEntriesByName('python-ready')[0].startTime,
    transfer: sum('transferSize'), encoded: sum('encodedBodySize'), decoded: sum('decodedBodySize'),
  };
}"""


def bare_page(dist: Path) -> str:
    """The shell's PyScript config without our wheel, and a script that only imports pydantic."""
    index = (dist / "index.html").read_text()
    config = json.loads(re.search(r"config='([^']+)'", index).group(1))  # type: ignore[union-attr]
    config["packages"] = [p for p in config["packages"] if "/creatorpost-" not in p]
    core = re.search(r'src="(\./_v/[^"]+/pyscript/core\.js)"', index).group(1)  # type: ignore[union-attr]
    return (f"<!doctype html><html><head><meta charset='utf-8'><script type='module' src='{core}'></script>"
            f"</head><body><p>bare</p><script type='py' config='{json.dumps(config)}'>{BARE_SCRIPT}</script>"
            "</body></html>")


def measure(browser: Browser, url: str) -> tuple[dict[str, float], dict[str, float]]:
    context = browser.new_context()
    page = context.new_page()
    visits = []
    for _ in range(2):
        page.goto(url)
        page.wait_for_selector("html[data-python='ready']", state="attached", timeout=180_000)
        visits.append(page.evaluate(METRICS_JS))
    context.close()
    return visits[0], visits[1]


def median(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in rows if r[key] is not None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not (DIST / "manifest.json").is_file():
        sys.exit("dist/ is not built: run `python3 build.py build` first")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        shutil.copytree(DIST, site, copy_function=os.link)
        (site / "bare.html").write_text(bare_page(DIST))
        with serve(Path(tmp) / "data", dist=site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            results: dict[str, tuple[list[dict[str, float]], list[dict[str, float]]]] = {"app": ([], []), "bare": ([], [])}
            measure(browser, f"{base}/")  # the endpoint gzips nothing at request time, but warm its disk cache once
            for _ in range(args.runs):
                for name, path in (("bare", "/bare.html"), ("app", "/")):
                    cold, warm = measure(browser, base + path)
                    results[name][0].append(cold)
                    results[name][1].append(warm)
            browser.close()
    print(f"median of {args.runs} loads, headless Chromium, new context per run; endpoint on 127.0.0.1")
    print(f"{'page':<6}{'visit':<8}{'first paint':>12}{'ready':>10}{'over wire':>12}{'compressed':>12}{'uncompressed':>14}")
    for name, (cold, warm) in results.items():
        for label, rows in (("first", cold), ("second", warm)):
            print(f"{name:<6}{label:<8}{median(rows, 'fcp'):>10.0f}ms{median(rows, 'ready'):>8.0f}ms"
                  f"{median(rows, 'transfer') / 1e6:>10.2f}MB{median(rows, 'encoded') / 1e6:>10.2f}MB"
                  f"{median(rows, 'decoded') / 1e6:>12.2f}MB")
    overhead = median(results["app"][0], "ready") - median(results["bare"][0], "ready")
    print(f"app overhead over the bare Pyodide + pydantic floor (first visit, ready): {overhead:.0f} ms")


if __name__ == "__main__":
    main()
