"""The browser image engine run from JavaScript for the Playwright tests and the photo benchmark:
JSON text in, JSON text out (`tests/browser/imaging/harness.mjs` imports this module)."""

from __future__ import annotations

import base64
import json
from dataclasses import replace

from creatorpost.browser.image_engine import BrowserImageEngine, blob_bytes, browser_bridge


async def _fetch_bytes(url: str) -> bytes:
    js, _ = browser_bridge()
    response = await js.fetch(url)
    if not response.ok:
        raise OSError(f"GET {url}: {response.status}")
    return await blob_bytes(await response.blob())


def _now_ms() -> float:
    js, _ = browser_bridge()
    return float(js.performance.now())


async def conformance_json(rows_json: str, vectors_url: str, engine: str = "browser", worker_url: str = "") -> str:
    """The conformance table run in this browser (for the Playwright test).

    engine "browser" is this module's (in the worker at worker_url when given, else on the page);
    "pillow" is Pillow inside Pyodide (needs its wheel).
    """
    from creatorpost.imaging.engine import AsyncAdapter, AsyncImageEngine
    from creatorpost.testing.image_conformance import rows_from_json, run_async

    async def fetch(name: str) -> bytes:
        return await _fetch_bytes(vectors_url + name)

    chosen: AsyncImageEngine
    if engine == "pillow":
        from creatorpost.imaging.pillow_engine import PillowEngine

        chosen = AsyncAdapter(PillowEngine())
    else:
        chosen = BrowserImageEngine(worker_url=worker_url or None)
    results = await run_async(chosen, rows_from_json(rows_json), fetch, _now_ms)
    return json.dumps(results)


_fit_engines: dict[str, BrowserImageEngine] = {}


async def fit_json(url: str, role: str, output_format: str = "", worker_url: str = "") -> str:
    """One file through the whole pipeline (sniff, policy, codecs) with its time: the benchmark's unit.

    `output_format` ("jpeg") overrides the policy's choice of format, so a benchmark can compare
    like with like; the size, orientation and quality still come from the policy.
    """
    from creatorpost.imaging.limits import role_limits
    from creatorpost.imaging.policy import decide

    data = await _fetch_bytes(url)
    # One engine per worker, as in the editor: the worker starts once, not per photo.
    engine = _fit_engines.get(worker_url) or _fit_engines.setdefault(
        worker_url, BrowserImageEngine(worker_url=worker_url or None))
    started = _now_ms()
    facts = await engine.probe(data)
    decision = decide(facts, role_limits("banner" if role == "banner" else "image"))
    plan = decision.plan
    if plan is None:
        elapsed = _now_ms() - started
        return json.dumps({"ms": elapsed, "error": decision.error.code if decision.error else decision.action})
    if output_format:
        plan = replace(plan, format=output_format, fallback_format=None)
    image = await engine.transform(data, plan)
    elapsed = _now_ms() - started
    return json.dumps({"ms": elapsed, "width": image.width, "height": image.height, "bytes": image.bytes,
                       "format": image.format, "data": base64.b64encode(image.data).decode("ascii")})
