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
twice: as shipped (our models say `defer_build=True`: each is built when first used) and eager
(pydantic's ConfigDict made to say `defer_build=False` before our modules load: each model is built
when its class is made). Prints the medians side by side, then what a creator pays later, at the first
use of the models the start left unbuilt (measured last, their modules already imported):
  media rules         the first photo: the pipeline's limits (imaging/limits.py)
  media info          the first photo's facts checked against the rules (MediaInfo)
  review rules        a reviewer's first desk (review_reasons.py)
and what the start no longer pays (each measured after the steps above, in the same page):
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
LATER = ("media rules", "media info", "review rules")
AVOIDED = ("image machinery", "plugin discovery", "importlib.resources")
TIMING_CODE = """
import importlib, json, time
marks = [time.perf_counter()]
def mark():
    marks.append(time.perf_counter())
import pydantic
mark()
import pydantic.main
if EAGER:
    made = pydantic.ConfigDict
    pydantic.ConfigDict = lambda **config: made(**{**config, "defer_build": False})
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
late = [*IMAGING_MODULES, "tomllib", "urllib.parse"]  # each with its first use, not at start
assert not [name for name in late if name in sys.modules], [name for name in late if name in sys.modules]
for name in IMAGING_MODULES:
    importlib.import_module(name)
mark()
from importlib.metadata import entry_points
list(entry_points(group="pydantic"))
mark()
assert "importlib.resources" not in sys.modules, "something on the start path imports importlib.resources"
import importlib.resources
mark()
from creatorpost.imaging.limits import media_rules
media_rules()
mark()
from creatorpost.validation import MediaInfo
MediaInfo(format="jpeg", width=1200, height=900, bytes=200_000)
mark()
from creatorpost.review_reasons import review_rules
review_rules()
mark()
json.dumps([(b - a) * 1000 for a, b in zip(marks, marks[1:])])
"""
PAGE = """<!doctype html><meta charset="utf-8"><script type="module">
const { loadPyodide } = await import(%(pyodide)s);
const pyodide = await loadPyodide({ packages: %(wheels)s });
window.timed = (eager) => pyodide.runPython("EAGER = " + (eager ? "True" : "False") + "\\n" + %(code)s);
document.documentElement.dataset.ready = "1";
</script>"""


def page_html() -> str:
    config = json.loads(re.search(r"config='([^']+)'", (DIST / "index.html").read_text()).group(1))  # type: ignore[union-attr]
    pyodide = config["interpreter"].rsplit("/", 1)[0].removeprefix(".") + "/pyodide.mjs"
    wheels = [w.removeprefix(".") for w in config["packages"]]
    return PAGE % {"pyodide": json.dumps(pyodide), "wheels": json.dumps(wheels), "code": json.dumps(TIMING_CODE)}


def one_start(page: Page, url: str, eager: bool) -> list[float]:
    page.goto(url)
    page.wait_for_selector("html[data-ready]", state="attached", timeout=300_000)
    times: list[float] = json.loads(page.evaluate("(eager) => window.timed(eager)", eager))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not (DIST / "manifest.json").is_file():
        sys.exit("dist/ is not built: run `python3 build.py build` first")
    html = page_html()
    results: dict[bool, list[list[float]]] = {False: [], True: []}  # eager? -> runs
    with tempfile.TemporaryDirectory() as tmp, serve(Path(tmp) / "data") as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)

        def answer(route: Route) -> None:
            route.fulfill(status=200, content_type="text/html", body=html)

        for _ in range(args.runs):
            for eager in (False, True):  # alternated, so a slow minute hits both
                context = browser.new_context()
                page = context.new_page()
                page.route(base + "/python-start.html", answer)
                results[eager].append(one_start(page, base + "/python-start.html", eager))
                context.close()
        browser.close()

    def median(eager: bool, index: int) -> float:
        return statistics.median(run[index] for run in results[eager])

    print(f"median of {args.runs} fresh starts in Pyodide (ms, time.perf_counter inside Pyodide)")
    print(f"{'step':<16}{'shipped':>10}{'eager':>10}")
    for index, step in enumerate(STEPS):
        print(f"{step:<16}{median(False, index):>10.0f}{median(True, index):>10.0f}")
    totals = [statistics.median(sum(run[:len(STEPS)]) for run in results[eager]) for eager in (False, True)]
    print(f"{'total':<16}{totals[0]:>10.0f}{totals[1]:>10.0f}")
    print("paid later, at a first use (ms):")
    for index, step in enumerate(LATER, start=len(STEPS) + len(AVOIDED)):
        print(f"  {step:<14}{median(False, index):>10.0f}{median(True, index):>10.0f}")
    print("no longer paid at start (ms, shipped):")
    for index, step in enumerate(AVOIDED, start=len(STEPS)):
        print(f"  {step:<20}{median(False, index):>6.0f}")


if __name__ == "__main__":
    main()
