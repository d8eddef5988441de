"""The browser engine: the browser's own codecs driven from Python through Pyodide's JS bridge.

`createImageBitmap(blob, {imageOrientation: "from-image", resizeWidth, resizeHeight,
resizeQuality: "high"})` decodes, turns the picture upright and resizes it in one call; Chromium
does that work on its image-decoding threads, off the page's main thread. The bitmap is drawn
onto an `OffscreenCanvas` and `convertToBlob({type, quality})` encodes it (asynchronously) with
no metadata at all. Python only sniffs headers, decides, and drives the quality search.

The module imports under CPython (tests, mypy): the JavaScript bridge is imported lazily, only
when an engine method runs inside the browser.
"""

from __future__ import annotations

import base64
import json
from array import array
from dataclasses import replace
from typing import Any

from creatorpost.findings import error
from creatorpost.imaging.facts import EncodedImage, ImageFacts, ImageRejected, Plan
from creatorpost.imaging.limits import media_rules, role_limits
from creatorpost.imaging.policy import DECODABLE
from creatorpost.imaging.quality import encode_within_budget_async
from creatorpost.imaging.sniff import sniff

_MIME = {"jpeg": "image/jpeg", "png": "image/png"}


def _bridge() -> tuple[Any, Any]:
    """(js, to_js) — only importable inside Pyodide."""
    import js
    from pyodide.ffi import to_js

    return js, to_js


def _options(**values: Any) -> Any:
    js, to_js = _bridge()
    return to_js(values, dict_converter=js.Object.fromEntries)


def _blob(data: bytes) -> Any:
    js, to_js = _bridge()
    return js.Blob.new(js.Array.of(to_js(data)))


async def _bytes_of(blob: Any) -> bytes:
    buffer = await blob.arrayBuffer()
    result: bytes = buffer.to_bytes()
    return result


class BrowserImageEngine:
    """An AsyncImageEngine on createImageBitmap + OffscreenCanvas."""

    name = "browser"

    def __init__(self, max_pixels: int | None = None) -> None:
        self.max_pixels = role_limits("image").max_pixels if max_pixels is None else max_pixels

    async def probe(self, data: bytes) -> ImageFacts:
        facts = sniff(data)
        if facts.format not in DECODABLE or facts.broken or facts.pixel_count > self.max_pixels:
            return facts
        if facts.format == "jpeg":
            # JPEG output stays JPEG: flatness is not needed, and sniffing caught truncation.
            return facts
        try:
            flat = await self._is_flat(_blob(data))
        except Exception:  # the browser could not decode it: a JavaScript error crossing the bridge
            return replace(facts, broken=True)
        return replace(facts, flat=flat)

    async def transform(self, data: bytes, plan: Plan) -> EncodedImage:
        js, _ = _bridge()
        try:
            bitmap = await js.createImageBitmap(_blob(data), _options(
                imageOrientation="from-image",
                resizeWidth=plan.width, resizeHeight=plan.height, resizeQuality="high",
            ))
        except Exception as exc:
            raise ImageRejected(error("image.broken", format=sniff(data).format)) from exc
        try:
            width, height = int(bitmap.width), int(bitmap.height)

            async def encode(fmt: str, quality: int) -> EncodedImage:
                return await self._encode(bitmap, fmt, quality, plan)

            out = await encode_within_budget_async(plan, encode)
        finally:
            bitmap.close()
        if out is None:
            raise ImageRejected(error("banner.too_large", bytes=len(data), max_bytes=plan.max_bytes))
        return replace(out, width=width, height=height)

    async def _encode(self, bitmap: Any, fmt: str, quality: int, plan: Plan) -> EncodedImage:
        js, _ = _bridge()
        canvas = js.OffscreenCanvas.new(bitmap.width, bitmap.height)
        context = canvas.getContext("2d", _options(alpha=fmt == "png"))
        if fmt != "png":
            # JPEG has no alpha: paint transparent areas over the matte, as Pillow does.
            red, green, blue = plan.matte
            context.fillStyle = f"rgb({red}, {green}, {blue})"
            context.fillRect(0, 0, bitmap.width, bitmap.height)
        context.drawImage(bitmap, 0, 0)
        options = _options(type=_MIME[fmt], quality=quality / 100) if fmt == "jpeg" else _options(type=_MIME[fmt])
        blob = await canvas.convertToBlob(options)
        data = await _bytes_of(blob)
        return EncodedImage(data=data, format=fmt, width=int(bitmap.width), height=int(bitmap.height))

    async def _is_flat(self, blob: Any) -> bool:
        """Few distinct colours in a nearest-neighbour sample (the same test as the Pillow engine)."""
        js, _ = _bridge()
        flat = media_rules().flat
        side = flat.sample_side
        bitmap = await js.createImageBitmap(blob, _options(
            imageOrientation="none",
            resizeWidth=side, resizeHeight=side, resizeQuality="pixelated",
        ))
        try:
            canvas = js.OffscreenCanvas.new(side, side)
            context = canvas.getContext("2d", _options(willReadFrequently=True))
            context.drawImage(bitmap, 0, 0)
            rgba = context.getImageData(0, 0, side, side).data.to_bytes()
        finally:
            bitmap.close()
        pixels = array("I")
        pixels.frombytes(rgba)
        return len(set(pixels)) <= flat.max_colors


async def _fetch_bytes(url: str) -> bytes:
    js, _ = _bridge()
    response = await js.fetch(url)
    if not response.ok:
        raise OSError(f"GET {url}: {response.status}")
    return await _bytes_of(await response.blob())


def _now_ms() -> float:
    js, _ = _bridge()
    return float(js.performance.now())


async def conformance_json(rows_json: str, vectors_url: str, engine: str = "browser") -> str:
    """The conformance table run in this browser (for the Playwright test).

    engine "browser" is this module's; "pillow" is Pillow inside Pyodide (needs its wheel).
    """
    from creatorpost.imaging.conformance import rows_from_json, run_async
    from creatorpost.imaging.engine import AsyncAdapter, AsyncImageEngine

    async def fetch(name: str) -> bytes:
        return await _fetch_bytes(vectors_url + name)

    chosen: AsyncImageEngine
    if engine == "pillow":
        from creatorpost.imaging.pillow_engine import PillowEngine

        chosen = AsyncAdapter(PillowEngine())
    else:
        chosen = BrowserImageEngine()
    results = await run_async(chosen, rows_from_json(rows_json), fetch, _now_ms)
    return json.dumps(results)


async def fit_json(url: str, role: str, output_format: str = "") -> str:
    """One file through the whole pipeline (sniff, policy, codecs) with its time: the benchmark's unit.

    `output_format` ("jpeg") overrides the policy's choice of format, so a benchmark can compare
    like with like; the size, orientation and quality still come from the policy.
    """
    from creatorpost.imaging.limits import role_limits
    from creatorpost.imaging.policy import decide

    data = await _fetch_bytes(url)
    engine = BrowserImageEngine()
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
