"""Photo pipeline benchmark: our browser engine against npm peers in headless Chromium, plus Pillow.

    /path/to/venv/bin/python bench/images/bench_images.py [--runs 5]

Installs the pinned peers (bench/images/package.json) with npm into bench/images/node_modules,
generates photo-like inputs, serves everything from 127.0.0.1 and, per input, measures each
contender fitting it into 2000x2000 as JPEG at quality 0.85: median time of N runs (contenders
take turns, one run each per round, after a warm-up round), output bytes and size, SSIM against a Pillow LANCZOS reference, upright or not.
Also Pillow on CPython (our endpoint engine) and the endpoint's peak memory while it receives
and processes the 9000x6000 file. Prints a table; writes bench/results/images-<time>.{json,txt}.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(HERE)]

import httpx  # noqa: E402
from PIL import Image  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from creatorpost.imaging.limits import role_limits  # noqa: E402
from creatorpost.imaging.pillow_engine import PillowEngine  # noqa: E402
from creatorpost.imaging.policy import decide  # noqa: E402
from measure import make_inputs, reference, ssim, target_size, upright  # noqa: E402
from tests.browser.imaging.site import build_site, serve_dir  # noqa: E402

RESULTS = ROOT / "bench" / "results"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
READY_MS = 180_000
PAUSE_INPUT = "photo_9000x6000.jpg"


def npm_install() -> None:
    if (HERE / "node_modules" / "pica").is_dir():
        return
    command = ["npm", "ci" if (HERE / "package-lock.json").exists() else "install", "--no-audit", "--no-fund"]
    subprocess.run(command, cwd=HERE, check=True)


def build_bench_site(root: Path, inputs: dict[str, Path]) -> Path:
    build_site(root, inputs)
    for name in ("bench.html", "bench.mjs"):
        shutil.copyfile(HERE / name, root / name)
    if not (root / "npm").exists():
        os.symlink(HERE / "node_modules", root / "npm")
    return root


def pillow_cpython(path: Path, runs: int) -> dict[str, Any]:
    """Our endpoint engine: sniff + probe + policy + transform, JPEG forced like the others."""
    data = path.read_bytes()
    engine = PillowEngine()
    times, out = [], None
    for i in range(runs + 1):
        started = time.perf_counter()
        decision = decide(engine.probe(data), role_limits("image"))
        assert decision.plan is not None, decision
        out = engine.transform(data, replace(decision.plan, format="jpeg", fallback_format=None))
        if i:
            times.append((time.perf_counter() - started) * 1000)
    assert out is not None
    return {"times": times, "bytes": out.bytes, "data": out.data}


def browser_runs(url: str, inputs: dict[str, Path], runs: int) -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url + "/bench.html")
        page.wait_for_selector("html[data-harness][data-bench]", state="attached", timeout=READY_MS)
        if page.evaluate("document.documentElement.dataset.harness") != "ready":
            raise RuntimeError(page.evaluate("document.documentElement.dataset.error"))
        names = page.evaluate("window.bench.names")
        version = browser.version
        for name, path in inputs.items():
            width, height = target_size(path)
            # Rounds: every contender once per round, round 0 a warm-up (code paths, workers, wasm),
            # so none of them always runs right after another one's garbage.
            for contender in [*names, "ours_pyodide"]:
                found[(name, contender)] = {"times": []}
            for round_ in range(runs + 1):
                keep = round_ == runs
                for contender in names:
                    result = page.evaluate("([c, u, w, h, k]) => window.bench.once(c, u, w, h, k)",
                                           [contender, f"vectors/{name}", width, height, keep])
                    _record(found[(name, contender)], round_, result["ms"], result["bytes"], result["data"])
                # The real Pyodide engine: Python sniff + policy, the worker's codecs (timed inside).
                ours = json.loads(page.evaluate("(u) => window.harness.fit(u, 'image', 'jpeg')", f"vectors/{name}"))
                if "error" in ours:
                    raise RuntimeError(f"{name}: {ours['error']}")
                _record(found[(name, "ours_pyodide")], round_, ours["ms"], ours["bytes"], ours["data"])
        pauses = {}
        name = PAUSE_INPUT
        width, height = target_size(inputs[name])
        for contender in [*names, "ours_worker", "ours_page"]:
            pauses[contender] = page.evaluate("([c, u, w, h]) => window.bench.pause(c, u, w, h)",
                                              [contender, f"vectors/{name}", width, height])
        found[("_", "_pauses")] = pauses
        browser.close()
        if errors:
            raise RuntimeError(f"page errors: {errors}")
    found[("_", "_chromium")] = {"version": version}
    return found


def _record(into: dict[str, Any], round_: int, ms: float, size: int, data: str) -> None:
    if round_:
        into["times"].append(ms)
    into["bytes"] = size
    if data:
        into["data"] = base64.b64decode(data)


def endpoint_peak_memory(path: Path, data_dir: Path, uploads: int = 1, limit: int = 2) -> dict[str, Any]:
    """Peak resident memory of the endpoint process while `uploads` clients send `path` at once,
    with room to check `limit` photos at a time (CREATORPOST_MEDIA_DECODES)."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.endpoints import start_server

    dist = data_dir / "dist"
    dist.mkdir(parents=True, exist_ok=True)
    (dist / "index.html").write_text("<!doctype html><title>bench</title>")
    (dist / "manifest.json").write_text('{"files": {}}')
    env = {"CREATORPOST_RATE_LIMIT_PER_MINUTE": "100000", "CREATORPOST_MEDIA_DECODES": str(limit)}
    server = start_server(data_dir / f"data-{uploads}-{limit}", dist, env=env)
    data = path.read_bytes()

    def send(_: int) -> int:
        with server.client("demo-basic") as client:
            return client.post("/api/media", files={"file": (path.name, data)}).status_code

    try:
        with server.client("demo-basic") as client:
            warm = client.post("/api/media", files={"file": ("w.jpg", _small_jpeg())})
            assert warm.status_code == 201, warm.text
        before = _vm(server.process.pid, "VmHWM")
        started = time.perf_counter()
        with ThreadPoolExecutor(uploads) as pool:
            statuses = list(pool.map(send, range(uploads)))
        elapsed = (time.perf_counter() - started) * 1000
        after = _vm(server.process.pid, "VmHWM")
    finally:
        server.stop()
    return {"uploads": uploads, "limit": limit, "statuses": statuses, "file_bytes": path.stat().st_size,
            "peak_rss_before_kb": before, "peak_rss_after_kb": after, "peak_rise_kb": after - before,
            "request_ms": round(elapsed)}


def _small_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 400), "gray").save(buffer, "JPEG")
    return buffer.getvalue()


def _vm(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def table(rows: list[dict[str, Any]]) -> str:
    header = f"{'input':<26} {'contender':<27} {'median ms':>9} {'bytes':>9} {'size':>10} {'SSIM':>7} upright"
    lines = [header, "-" * len(header)]
    for r in rows:
        lines.append(f"{r['input']:<26} {r['contender']:<27} {r['median_ms']:>9.0f} {r['bytes']:>9} "
                     f"{r['size']:>10} {r['ssim']:>7.5f} {'yes' if r['upright'] else 'NO'}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    npm_install()
    RESULTS.mkdir(parents=True, exist_ok=True)
    inputs = make_inputs(RESULTS / "inputs")
    work = RESULTS / "site"
    shutil.rmtree(work, ignore_errors=True)
    with serve_dir(build_bench_site(work, inputs)) as url:
        measured = browser_runs(url, inputs, args.runs)
    chromium = measured.pop(("_", "_chromium"))["version"]
    pauses = measured.pop(("_", "_pauses"))
    for name, path in inputs.items():
        measured[(name, "pillow_cpython")] = pillow_cpython(path, args.runs)
    rows = []
    for name, path in inputs.items():
        ref = reference(path)
        for (input_name, contender), result in measured.items():
            if input_name != name:
                continue
            with Image.open(io.BytesIO(result["data"])) as im:
                im.load()
                rows.append({"input": name, "contender": contender, "median_ms": statistics.median(result["times"]),
                             "times_ms": [round(t, 1) for t in result["times"]], "bytes": result["bytes"],
                             "size": f"{im.width}x{im.height}", "ssim": ssim(im, ref), "upright": upright(im)})
    memory = [] if args.skip_memory else [
        endpoint_peak_memory(inputs["photo_9000x6000.jpg"], RESULTS / "endpoint", uploads, limit)
        for uploads, limit in ((1, 2), (6, 2), (6, 6))]
    text = (f"Chromium {chromium}, {os.cpu_count()} cores, median of {args.runs} rounds after a warm-up round; "
            f"fit 2000x2000, JPEG q0.85; SSIM on luma vs Pillow LANCZOS of the full decode\n\n" + table(rows))
    text += (f"\n\nThe page's main thread while fitting {PAUSE_INPUT} (one run after a warm-up): "
             "longest pause (the worst delay a keystroke meets) and total time\n")
    for contender, found in pauses.items():
        text += f"  {contender:<27} longest pause {found['pause']:>6.0f} ms   total {found['ms']:>6.0f} ms\n"
    if memory:
        text += "\n\nEndpoint receiving photo_9000x6000.jpg (14.3 MB) from N clients at once, L photos checked at a time:\n"
    for found in memory:
        text += (f"  N={found['uploads']} L={found['limit']}: HTTP {sorted(set(found['statuses']))}, "
                 f"{found['request_ms']} ms for all, peak RSS {found['peak_rss_before_kb'] // 1024} MB -> "
                 f"{found['peak_rss_after_kb'] // 1024} MB (rise {found['peak_rise_kb'] // 1024} MB)\n")
    print(text)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"images-{stamp}.txt").write_text(text + "\n")
    (RESULTS / f"images-{stamp}.json").write_text(json.dumps(
        {"chromium": chromium, "runs": args.runs, "rows": rows, "main_thread_pauses": pauses,
         "endpoint_memory": memory}, indent=2))


if __name__ == "__main__":
    main()
