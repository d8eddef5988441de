"""How long a creator waits for the live checks: first and second visit of the editor, beside a bare page.

    .venv/bin/python bench/bench_load.py [--runs 3] [--cpu-throttle 4] [--variants shipped,no-snapshot] [--dist DIR]
                                         [--before DIR] [--max-others CORES] [--quiet-wait SECONDS]

Needs a built dist/ (`python3 build.py build`). Serves a hard-linked copy of dist/ plus a bare page
(the same PyScript and Pyodide, the same pydantic wheels and PyScript settings, Pyodide's own
loader, no wheel or code of ours; its script only imports pydantic) from the real endpoint on a
free port. Each run of each page starts Chromium with a new, empty profile (a real profile on disk,
as a creator's browser has, not an incognito context) and then:

  first    opens the page in a tab and waits for `data-python="ready"`;
  (dwell)  keeps it open until it has settled: the editor's service worker controls it and its
           Python snapshot is kept (`data-snapshot`), then --settle seconds more, as a creator
           spends a while on the page (V8 also keeps a tab's compiled WebAssembly only after a
           while); the bare page dwells --settle seconds; then the tab is closed;
  new tab  opens the page in a new tab of the same profile, waits for ready, dwells --settle s;
  reload   reloads that tab and waits for ready.

Times are from navigation start to the page's `python-ready` mark. The machine may be shared: each
visit also records how many cores other processes kept busy meanwhile ("others", /proc/stat less this
benchmark's own processes), and --max-others repeats a page's run (up to --retries times, after
waiting up to --quiet-wait seconds for a quiet machine) whose visits saw more than that. With --cpu-throttle R, Chromium's
main thread runs R times slower (CDP Emulation.setCPUThrottlingRate, the usual stand-in for a phone),
set on each tab before it navigates. Prints every run and the medians, the ratios the goals are
about (second visit / first visit; editor first visit / bare first visit) and what the editor keeps
on the device. --variants measures the editor also with one lever undone, for A/B numbers:
  no-snapshot   <meta name="creatorpost-snapshot" content="off">: no Python memory snapshot
  wasm-from-sw  sw.js answers the .wasm files from its Cache Storage copy even online
  pyscript-defaults  PyScript's plugins (code editor, terminal...) and package graph loaded as by default
  no-preloads   index.html does not ask for Pyodide's files and the wheels as it arrives
--before DIR adds another build (an earlier commit's dist/) to the same runs, its editor and its own
bare page (with that build's PyScript settings), for before/after figures measured side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import BrowserContext, Page, Playwright, sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.endpoints import DIST, serve  # noqa: E402

VISITS = ("first", "new tab", "reload")
READY_MS = 300_000  # a ceiling for one start, 4x throttled on a busy machine; not a wait
SETTLED_MS = 300_000
BARE_SCRIPT = """
import js
js.performance.mark("python-start")
import pydantic
js.document.documentElement.dataset.python = "ready"
js.performance.mark("python-ready")
"""
METRICS_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const all = [nav, ...performance.getEntriesByType('resource')];
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
  return {
    ready: mark('python-ready'),
    start: mark('python-start'),
    imported: mark('python-imported'),
    fcp: paint ? paint.startTime : null,
    transfer: all.reduce((n, e) => n + (e.transferSize || 0), 0),
    snapshot: document.documentElement.dataset.snapshot || '',
  };
}"""
# The editor has settled once its service worker controls it and its snapshot is kept (or failed, or
# was restored, or snapshots are off).
SETTLED_JS = """() => {
  const switchOn = document.querySelector('meta[name="creatorpost-snapshot"]')?.content === 'on';
  const snapshot = document.documentElement.dataset.snapshot || '';
  const snapshotDone = !switchOn || ['kept', 'failed', 'restored'].includes(snapshot);
  return snapshotDone && navigator.serviceWorker?.controller != null;
}"""
KEPT_JS = """async () => {
  let total = 0;
  const sizes = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    let bytes = 0;
    for (const request of await cache.keys()) bytes += (await (await cache.match(request)).blob()).size;
    sizes[name] = bytes;
    total += bytes;
  }
  return sizes;
}"""


class OtherWork:
    """CPU time the rest of the machine used while a visit was measured, in cores (Linux /proc).

    The machine's busy time (/proc/stat) less that of this process and its descendants (the endpoint,
    Playwright's driver, Chromium and its children, counting those already ended and reaped)."""

    def __init__(self) -> None:
        self.hz = os.sysconf("SC_CLK_TCK")
        self.start = self.sample()

    @staticmethod
    def sample() -> tuple[float, int, int]:
        with open("/proc/stat") as stat:
            cpu = [int(n) for n in stat.readline().split()[1:]]
        machine = cpu[0] + cpu[1] + cpu[2] + sum(cpu[5:8])  # user nice system irq softirq steal
        parents: dict[int, int] = {}
        times: dict[int, int] = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
                except (OSError, IndexError):
                    continue  # ended meanwhile
                parents[int(entry.name)] = int(fields[1])
                times[int(entry.name)] = sum(int(n) for n in fields[11:15])  # utime stime cutime cstime
        ours = {os.getpid()}
        for _ in range(64):  # descendants, generation by generation; process trees are shallow
            grown = ours | {pid for pid, parent in parents.items() if parent in ours}
            if grown == ours:
                break
            ours = grown
        return time.monotonic(), machine, sum(times.get(pid, 0) for pid in ours)

    def cores(self) -> float:
        """Cores kept busy by other processes since this object was made (or restart() last ran)."""
        (t0, machine0, ours0), (t1, machine1, ours1) = self.start, self.sample()
        return max(0.0, (machine1 - machine0) - (ours1 - ours0)) / self.hz / max(t1 - t0, 1e-3)

    def restart(self) -> None:
        self.start = self.sample()


def wait_for_quiet(max_cores: float, ceiling_s: float = 1800) -> float:
    """Wait (up to ceiling_s) until other processes keep fewer than max_cores busy over 10 s; returns that load."""
    deadline = time.monotonic() + ceiling_s
    while True:
        others = OtherWork()
        time.sleep(10)
        if others.cores() < max_cores or time.monotonic() > deadline:
            return others.cores()


def replace_file(path: Path, text: str) -> None:
    """Write a file of the hard-linked copy without touching dist/ (a new inode; its .gz twin goes)."""
    path.unlink()
    path.with_name(path.name + ".gz").unlink(missing_ok=True)
    path.write_text(text)


def shell_config(site: Path) -> dict[str, Any]:
    found = re.search(r"config='([^']+)'", (site / "index.html").read_text())
    assert found, "index.html has no PyScript config"
    config: dict[str, Any] = json.loads(found.group(1))
    return config


def set_config(site: Path, config: dict[str, Any]) -> None:
    html = re.sub(r"config='[^']+'", lambda _m: f"config='{json.dumps(config, separators=(',', ':'))}'",
                  (site / "index.html").read_text(), count=1)
    replace_file(site / "index.html", html)


def bare_page(site: Path) -> str:
    """The shell's PyScript settings with Pyodide's own loader and without our wheel; imports pydantic only."""
    index = (site / "index.html").read_text()
    config = shell_config(site)
    config["interpreter"] = config["interpreter"].rsplit("/", 1)[0] + "/pyodide.mjs"
    config["packages"] = [p for p in config["packages"] if "/creatorpost-" not in p]
    core = re.search(r'src="(\./_v/[^"]+/pyscript/core\.js)"', index)
    assert core, "index.html does not load PyScript's core.js"
    mpy = re.search(r"<mpy-config hidden>.*?</mpy-config>", index)
    return (f"<!doctype html><html><head><meta charset='utf-8'><script type='module' src='{core.group(1)}'></script>"
            f"</head><body><p>bare</p><script type='py' config='{json.dumps(config)}'>{BARE_SCRIPT}</script>"
            f"{mpy.group(0) if mpy else ''}</body></html>")


def snapshot_off(site: Path) -> None:
    html = (site / "index.html").read_text()
    replace_file(site / "index.html", html.replace('name="creatorpost-snapshot" content="on"',
                                                   'name="creatorpost-snapshot" content="off"'))


def wasm_from_sw(site: Path) -> None:
    script = (site / "sw.js").read_text()
    bypass = re.compile(r"^\s*if \(request\.url\.endsWith\(\"\.wasm\"\).*\n", re.MULTILINE)
    assert bypass.search(script), "sw.js no longer lets .wasm files through online"
    replace_file(site / "sw.js", bypass.sub("", script))


def no_preloads(site: Path) -> None:
    html = (site / "index.html").read_text()
    links = re.compile(r'^\s*<link rel="(?:modulepreload|preload|prefetch)" (?:as="fetch" crossorigin="anonymous" )?'
                       r'href="\./_v/[^"]+/(?:pyodide|wheels)/[^"]+">\n', re.MULTILINE)
    assert links.search(html), "index.html preloads nothing of Python"
    replace_file(site / "index.html", links.sub("", html))


def pyscript_defaults(site: Path) -> None:
    """PyScript as it comes: every plugin and the package graph (their files, which dist/ leaves out, added)."""
    config = shell_config(site)
    config.pop("plugins", None)
    config.pop("index_urls", None)
    set_config(site, config)
    html = re.sub(r"<mpy-config hidden>.*?</mpy-config>", "", (site / "index.html").read_text())
    replace_file(site / "index.html", html)
    [folder] = site.glob("_v/*/pyscript")
    for path in (ROOT / "node_modules" / "@pyscript" / "core" / "dist").glob("*.js"):
        if not (folder / path.name).exists():
            shutil.copy2(path, folder / path.name)


VARIANTS: dict[str, Callable[[Path], None]] = {
    "shipped": lambda _site: None, "no-snapshot": snapshot_off, "wasm-from-sw": wasm_from_sw,
    "pyscript-defaults": pyscript_defaults, "no-preloads": no_preloads,
}


def new_tab(context: BrowserContext, throttle: float, latency_ms: float = 0) -> Page:
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    if throttle != 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    if latency_ms:
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": latency_ms,
                                                      "downloadThroughput": -1, "uploadThroughput": -1})
    return page


def wait_ready(page: Page, others: OtherWork) -> dict[str, Any]:
    page.wait_for_selector("html[data-python='ready']", state="attached", timeout=READY_MS)
    load = others.cores()
    metrics: dict[str, Any] = page.evaluate(METRICS_JS)
    metrics["others"] = load
    return metrics


def dwell(page: Page, editor: bool, settle_s: float) -> None:
    if editor:
        page.wait_for_function(SETTLED_JS, timeout=SETTLED_MS, polling=250)
    page.wait_for_timeout(settle_s * 1000)


def measure(playwright: Playwright, url: str, editor: bool, args: argparse.Namespace,
            profile: Path) -> tuple[dict[str, dict[str, Any]], dict[str, int]]:
    """One run: first visit, new tab, reload, in a new profile. Also what the editor keeps on the device."""
    context = playwright.chromium.launch_persistent_context(profile, executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        visits: dict[str, dict[str, Any]] = {}
        page = new_tab(context, args.cpu_throttle, args.latency)
        others = OtherWork()
        page.goto(url)
        visits["first"] = wait_ready(page, others)
        if args.first_only:
            return visits, {}
        dwell(page, editor, args.settle)
        kept: dict[str, int] = page.evaluate(KEPT_JS) if editor else {}
        page.close()
        page = new_tab(context, args.cpu_throttle, args.latency)
        others.restart()
        page.goto(url)
        visits["new tab"] = wait_ready(page, others)
        dwell(page, editor, args.settle)
        others.restart()
        page.reload()
        visits["reload"] = wait_ready(page, others)
        return visits, kept
    finally:
        context.close()


def median(rows: list[dict[str, dict[str, Any]]], visit: str, key: str = "ready") -> float:
    return statistics.median(row[visit][key] for row in rows) if visit in rows[0] else float("nan")


def report(results: dict[str, list[dict[str, dict[str, Any]]]], kept: dict[str, dict[str, int]],
           args: argparse.Namespace) -> None:
    throttle = f"CPU throttled {args.cpu_throttle:g}x" if args.cpu_throttle != 1 else "CPU not throttled"
    if args.latency:
        throttle += f", {args.latency:g} ms added to each request"
    print(f"\n{len(results['bare'])} runs, headless Chromium, a new profile per run and page, {throttle}, "
          f"settle {args.settle:g} s; endpoint on 127.0.0.1")
    print("ms from navigation to data-python=ready (snapshot state in brackets; others: the most cores other "
          "processes kept busy during a visit of that run)")
    for name, rows in results.items():
        for index, row in enumerate(rows):
            cells = "  ".join(f"{visit} {row[visit]['ready']:7.0f}{' [' + row[visit]['snapshot'] + ']' if row[visit]['snapshot'] else ''}"
                              for visit in VISITS if visit in row)
            print(f"  {name:<22} run {index + 1}: {cells}  (others {max(row[v]['others'] for v in row):.2f})")
    print(f"\n{'page':<24}{'first':>9}{'new tab':>9}{'reload':>9}{'new tab/first':>15}{'reload/first':>14}"
          f"{'first paint':>13}{'first MB':>10}")
    for name, rows in results.items():
        first, tab, reload = (median(rows, visit) for visit in VISITS)
        print(f"{name:<24}{first:>9.0f}{tab:>9.0f}{reload:>9.0f}{tab / first:>15.2f}{reload / first:>14.2f}"
              f"{median(rows, 'first', 'fcp'):>13.0f}{median(rows, 'first', 'transfer') / 1e6:>10.2f}")
    print("\nfirst visit in stages (ms, medians): until Python runs the page's script (Pyodide and the wheels),"
          " the editor's imports, then its start until ready")
    for name, rows in results.items():
        if all(row["first"].get("start") is not None for row in rows):
            until = median(rows, "first", "start")
            if all(row["first"].get("imported") is not None for row in rows):
                imports = statistics.median(row["first"]["imported"] - row["first"]["start"] for row in rows)
                rest = statistics.median(row["first"]["ready"] - row["first"]["imported"] for row in rows)
                print(f"  {name:<22}{until:>9.0f}{imports:>9.0f}{rest:>9.0f}")
            else:
                print(f"  {name:<22}{until:>9.0f}{median(rows, 'first') - until:>9.0f}")
    for name, rows in results.items():
        if not name.startswith("bare"):
            bare = "bare (before)" if name == "editor (before)" else "bare"
            print(f"{name} first visit / {bare} first visit: {median(rows, 'first') / median(results[bare], 'first'):.2f}")
    for name, sizes in kept.items():
        print(f"kept on the device after the first visit of {name} (Cache Storage, MB): "
              + ", ".join(f"{cache} {size / 1e6:.1f}" for cache, size in sorted(sizes.items())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cpu-throttle", type=float, default=1.0, metavar="RATE")
    parser.add_argument("--settle", type=float, default=5.0, metavar="SECONDS")
    parser.add_argument("--latency", type=float, default=0, metavar="MS",
                        help="added to every request of the page (CDP Network.emulateNetworkConditions)")
    parser.add_argument("--variants", default="shipped", help=f"comma-separated, of {', '.join(VARIANTS)}")
    parser.add_argument("--first-only", action="store_true", help="first visits only (a quicker A/B of them)")
    parser.add_argument("--dist", type=Path, default=DIST, help="another build to measure (e.g. an earlier commit's)")
    parser.add_argument("--max-others", type=float, metavar="CORES",
                        help="repeat a page's run whose visits saw other processes keep more cores busy than this")
    parser.add_argument("--retries", type=int, default=3, help="how often a run may be repeated for --max-others")
    parser.add_argument("--quiet-wait", type=float, default=1800, metavar="SECONDS",
                        help="the longest wait for a quiet machine before a repeated run (then it runs anyway)")
    parser.add_argument("--before", type=Path, help="an earlier build measured in the same runs, for before/after")
    args = parser.parse_args()
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown or not variants:
        sys.exit(f"unknown variant(s) {unknown}; choose from {', '.join(VARIANTS)}")
    for dist in (args.dist, args.before or args.dist):
        if not (dist / "manifest.json").is_file():
            sys.exit(f"{dist} is not built: run `python3 build.py build` first")
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        bases: dict[str, str] = {}
        for variant in dict.fromkeys(["shipped", *variants, *(["before"] if args.before else [])]):
            site = Path(tmp) / variant
            shutil.copytree(args.before if variant == "before" else args.dist, site, copy_function=os.link)
            VARIANTS.get(variant, VARIANTS["shipped"])(site)
            (site / "bare.html").write_text(bare_page(site))
            bases[variant] = stack.enter_context(serve(Path(tmp) / f"data-{variant}", dist=site))
        playwright = stack.enter_context(sync_playwright())
        pages = [("bare", bases["shipped"] + "/bare.html", False)]
        pages += [(f"editor ({v})" if v != "shipped" else "editor", bases[v] + "/", True) for v in variants]
        if args.before:
            pages += [("bare (before)", bases["before"] + "/bare.html", False), ("editor (before)", bases["before"] + "/", True)]
        results: dict[str, list[dict[str, dict[str, Any]]]] = {name: [] for name, _, _ in pages}
        kept: dict[str, dict[str, int]] = {}
        for run in range(args.runs):
            for name, url, editor in pages:  # interleaved, so a slow minute on the machine hits all of them
                for attempt in range(args.retries + 1):
                    profile = Path(tmp) / f"profile-{run}-{attempt}-{name.replace(' ', '_')}"
                    visits, seen = measure(playwright, url, editor, args, profile)
                    busiest = max(v["others"] for v in visits.values())
                    if args.max_others is None or busiest <= args.max_others or attempt == args.retries:
                        break
                    print(f"run {run + 1} {name}: others kept {busiest:.2f} cores busy; again once the machine is quiet"
                          f" ({wait_for_quiet(args.max_others, args.quiet_wait):.2f})", flush=True)
                results[name].append(visits)
                if name in ("editor", "editor (before)") and seen:
                    kept[name] = seen
                print(f"run {run + 1} {name}: " + ", ".join(f"{v} {visits[v]['ready']:.0f} ms" for v in VISITS if v in visits)
                      + f" (others {busiest:.2f} cores)", flush=True)
    report(results, kept, args)


if __name__ == "__main__":
    main()
