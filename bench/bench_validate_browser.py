"""Full validation of the 30-block article with 5 hashtags in Chromium (Pyodide), beside CPython.

    .venv/bin/python bench/bench_validate_browser.py [--calls 1000] [--coarse-timer]

Needs a built dist/ (`python3 build.py build`). Serves dist/ from the real endpoint on a free
port, opens the editor in headless Chromium, waits for `data-python="ready"`, then times, per call:
  pyodide   `validate(post, "publish", context)` timed with time.perf_counter inside Pyodide
  js        `window.creatorpost.validate(postJson, optionsJson)` timed from JS with performance.now
            (JSON parse of the post, validation, report with messages, JSON out, proxy crossing)
and the same two calls on this CPython. The page has no `pyodide` global and nothing is added to the
app: the Python code runs through the interpreter that `creatorpost.validate` (a Python function) lives
in. Browsers coarsen timers to 100 µs unless the page is cross-origin isolated, so by default the
document response gets COOP/COEP headers (5 µs timers); --coarse-timer leaves the page as served.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bench_validate import STORE, sample_post  # noqa: E402
from playwright.sync_api import Page, Route, sync_playwright  # noqa: E402

from creatorpost.jsonapi import validate_json  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.endpoints import DIST, serve  # noqa: E402

# Run as is on CPython and inside Pyodide, so both sides time exactly the same loop.
TIMING_CODE = """
import json, time
from creatorpost.creators import CreatorContext, Level
from creatorpost.validation import validate

def timed(post_json, store, calls, warmup):
    post = json.loads(post_json)
    context = CreatorContext(Level.SENIOR, frozenset({store}))
    assert validate(post, "publish", context).valid
    for _ in range(warmup):
        validate(post, "publish", context)
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        validate(post, "publish", context)
        times.append((time.perf_counter() - start) * 1000)
    return json.dumps(times)
"""

IN_PYODIDE_JS = """([code, post, store, calls, warmup]) => {
  const builtins = creatorpost.validate.__globals__.get('__builtins__');
  const namespace = builtins.get('dict')();
  builtins.get('exec')(code, namespace);
  return JSON.parse(namespace.get('timed')(post, store, calls, warmup));
}"""

FROM_JS = """([post, options, calls, warmup]) => {
  for (let i = 0; i < warmup; i++) creatorpost.validate(post, options);
  const times = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    creatorpost.validate(post, options);
    times.push(performance.now() - start);
  }
  return times;
}"""


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {"median": statistics.median(ordered), "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
            "mean": statistics.fmean(ordered), "min": ordered[0]}


def isolate(route: Route) -> None:
    """The document with COOP/COEP, so performance.now() is precise (every resource is same-origin)."""
    response = route.fetch()
    headers = {**response.headers, "cross-origin-opener-policy": "same-origin",
               "cross-origin-embedder-policy": "require-corp"}
    route.fulfill(response=response, headers=headers)


def in_browser(page: Page, post: str, options: str, calls: int, warmup: int) -> dict[str, list[float]]:
    return {"pyodide": page.evaluate(IN_PYODIDE_JS, [TIMING_CODE, post, STORE, calls, warmup]),
            "js": page.evaluate(FROM_JS, [post, options, calls, warmup])}


def in_cpython(post: str, options: str, calls: int, warmup: int) -> dict[str, list[float]]:
    namespace: dict[str, Any] = {}
    exec(TIMING_CODE, namespace)
    timed: Callable[..., str] = namespace["timed"]
    pure = json.loads(timed(post, STORE, calls, warmup))
    for _ in range(warmup):
        validate_json(post, options)
    wrapped = []
    for _ in range(calls):
        start = time.perf_counter()
        validate_json(post, options)
        wrapped.append((time.perf_counter() - start) * 1000)
    return {"pyodide": pure, "js": wrapped}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--coarse-timer", action="store_true", help="no COOP/COEP: 100 µs timers in the page")
    args = parser.parse_args()
    if not (DIST / "index.html").is_file():
        sys.exit("dist/ is not built: run `python3 build.py build` first")
    post = json.dumps(sample_post(), ensure_ascii=False)
    options = json.dumps({"mode": "publish", "context": {"level": "senior", "store_ids": [STORE]}})
    with tempfile.TemporaryDirectory() as tmp, serve(Path(tmp)) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(service_workers="block")
        page = context.new_page()
        if not args.coarse_timer:
            page.route(base + "/", isolate)
        page.goto(base + "/")
        page.wait_for_selector("html[data-python='ready']", state="attached", timeout=180_000)
        isolated = page.evaluate("crossOriginIsolated")
        version = page.evaluate("creatorpost.validate.__globals__.get('__builtins__').get('__import__')"
                                "('sys').version.split(' ')[0]")
        browser_times = in_browser(page, post, options, args.calls, args.warmup)
        browser.close()
    cpython_times = in_cpython(post, options, args.calls, args.warmup)
    print(f"30-block article, 5 hashtags, publish mode, {args.calls} calls after {args.warmup} warm-up; ms per call")
    print(f"Chromium: Pyodide (Python {version}), cross-origin isolated={isolated} "
          f"(timer {'5' if isolated else '100'} µs); CPython {platform.python_version()}")
    print(f"{'call':<50}{'where':<10}{'median':>9}{'p99':>9}{'mean':>9}{'min':>9}")
    labels = {"pyodide": 'validate(post, "publish", context)', "js": "creatorpost.validate(json) / validate_json(json)"}
    for key, label in labels.items():
        for where, times in (("browser", browser_times[key]), ("CPython", cpython_times[key])):
            row = summary(times)
            print(f"{label:<50}{where:<10}" + "".join(f"{row[k]:>9.3f}" for k in ("median", "p99", "mean", "min")))
    median_js = summary(browser_times["js"])["median"]
    print(f"target: < 2 ms median in the browser -> {'met' if median_js < 2 else 'NOT met'} ({median_js:.3f} ms, end to end)")


if __name__ == "__main__":
    main()
