"""What our Python costs at a first start, measured inside Pyodide: imports, models, rules, first checks.

    .venv/bin/python bench/bench_python_start.py [--runs 5]

Needs a built dist/ (`python3 build.py build`). Serves it from the real endpoint on a free port and,
in headless Chromium, a page that starts the built Pyodide with the built wheels (no PyScript, no
snapshot) and times with time.perf_counter, in one fresh page per run:
  pydantic      `import pydantic` (what the bare page of bench_load.py does)
  pydantic.main the model machinery our first model pulls in
  editor        `import creatorpost.browser.app` (the core, every view; pydantic builds our models)
  rules         load_rules() (article.toml into its models)
  first check   the first validate() of a post (what start() does before it says ready)
twice: with pydantic building each model when its class is made (as shipped) and with
`defer_build=True` for every model (set on BaseModel.model_config before our modules load: each model
is then built when first used). Prints the medians side by side, then what the start no longer pays
(each measured after the steps above, in the same page):
  image machinery     the modules views/media.py imports with the first picture
  plugin discovery    pydantic's scan of the installed packages' entry points (off in the browser)
  importlib.resources the import creatorpost.resources no longer makes
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, Route, sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.endpoints import DIST, serve  # noqa: E402

STEPS = ("pydantic", "pydantic.main", "editor", "rules", "first check")
AVOIDED = ("image machinery", "plugin discovery", "importlib.resources")
TIMING_CODE = """
import importlib, json, time
marks = [time.perf_counter()]
def mark():
    marks.append(time.perf_counter())
import pydantic
mark()
from pydantic import BaseModel, ConfigDict
if DEFER:
    BaseModel.model_config = ConfigDict(defer_build=True)
mark()
importlib.import_module("creatorpost.browser.app")
mark()
from creatorpost import rules
rules.load_rules()
mark()
from creatorpost.validation import validate
validate({"type": "article", "title": "x" * 61, "blocks": [{"kind": "text", "text": "hello"}]}, "publish")
mark()
import sys
from creatorpost.browser.views.media import IMAGING_MODULES
assert not [name for name in IMAGING_MODULES if name in sys.modules], "the editor imported the image machinery"
for name in IMAGING_MODULES:
    importlib.import_module(name)
mark()
from importlib.metadata import entry_points
list(entry_points(group="pydantic"))
mark()
assert "importlib.resources" not in sys.modules, "something on the start path imports importlib.resources"
import importlib.resources
mark()
json.dumps([(b - a) * 1000 for a, b in zip(marks, marks[1:])])
"""
PAGE = """<!doctype html><meta charset="utf-8"><script type="module">
const { loadPyodide } = await import(%(pyodide)s);
const pyodide = await loadPyodide({ packages: %(wheels)s });
window.timed = (defer) => pyodide.runPython("DEFER = " + (defer ? "True" : "False") + "\\n" + %(code)s);
document.documentElement.dataset.ready = "1";
</script>"""


def page_html() -> str:
    config = json.loads(re.search(r"config='([^']+)'", (DIST / "index.html").read_text()).group(1))  # type: ignore[union-attr]
    pyodide = config["interpreter"].rsplit("/", 1)[0].removeprefix(".") + "/pyodide.mjs"
    wheels = [w.removeprefix(".") for w in config["packages"]]
    return PAGE % {"pyodide": json.dumps(pyodide), "wheels": json.dumps(wheels), "code": json.dumps(TIMING_CODE)}


def one_start(page: Page, url: str, defer: bool) -> list[float]:
    page.goto(url)
    page.wait_for_selector("html[data-ready]", state="attached", timeout=300_000)
    times: list[float] = json.loads(page.evaluate("(defer) => window.timed(defer)", defer))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not (DIST / "manifest.json").is_file():
        sys.exit("dist/ is not built: run `python3 build.py build` first")
    html = page_html()
    results: dict[bool, list[list[float]]] = {False: [], True: []}
    with tempfile.TemporaryDirectory() as tmp, serve(Path(tmp) / "data") as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)

        def answer(route: Route) -> None:
            route.fulfill(status=200, content_type="text/html", body=html)

        for _ in range(args.runs):
            for defer in (False, True):  # alternated, so a slow minute hits both
                context = browser.new_context()
                page = context.new_page()
                page.route(base + "/python-start.html", answer)
                results[defer].append(one_start(page, base + "/python-start.html", defer))
                context.close()
        browser.close()
    print(f"median of {args.runs} fresh starts in Pyodide (ms, time.perf_counter inside Pyodide)")
    print(f"{'step':<16}{'models eager':>14}{'deferred':>10}")
    for index, step in enumerate(STEPS):
        eager, lazy = (statistics.median(run[index] for run in results[d]) for d in (False, True))
        print(f"{step:<16}{eager:>14.0f}{lazy:>10.0f}")
    totals = [statistics.median(sum(run[:len(STEPS)]) for run in results[d]) for d in (False, True)]
    print(f"{'total':<16}{totals[0]:>14.0f}{totals[1]:>10.0f}")
    print("no longer paid at start (ms, models eager):")
    for index, step in enumerate(AVOIDED, start=len(STEPS)):
        print(f"  {step:<20}{statistics.median(run[index] for run in results[False]):>6.0f}")


if __name__ == "__main__":
    main()
