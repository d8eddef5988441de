"""The browser engine: the browser's own codecs driven from Python through Pyodide's JS bridge.

With a worker (web/image_worker.js, the editor's case) every pixel is handled off the page's main
thread: `createImageBitmap` decodes and turns the picture upright, a Lanczos-3 resize in
WebAssembly SIMD (web/lanczos.js) makes it fit, and `OffscreenCanvas.convertToBlob` encodes it
with no metadata at all. Without one (no Worker or OffscreenCanvas, or the script failed), the
same codecs run from here: `createImageBitmap(..., resizeQuality: "high")` resizes on Chromium's
decoding threads. Python only sniffs headers, decides, and drives the quality search.

The module imports under CPython (tests, mypy): the JavaScript bridge is imported lazily, only
when an engine method runs inside the browser.
"""

from __future__ import annotations

import base64
import importlib.util
from array import array
from dataclasses import replace
from typing import Any

from creatorpost.browser.image_worker_client import (
    ImageWorker,
    WorkerRefused,
    WorkerUnavailable,
    image_worker_url,
    start_worker,
)
from creatorpost.findings import error
from creatorpost.imaging.engine import AsyncAdapter, AsyncImageEngine
from creatorpost.imaging.facts import EncodedImage, ImageFacts, ImageRejected, Plan
from creatorpost.imaging.limits import media_rules, role_limits
from creatorpost.imaging.policy import DECODABLE
from creatorpost.imaging.quality import encode_within_budget_async
from creatorpost.imaging.sniff import sniff

_MIME = {"jpeg": "image/jpeg", "png": "image/png"}


def browser_bridge() -> tuple[Any, Any]:
    """(js, to_js) — only importable inside Pyodide."""
    import js
    from pyodide.ffi import to_js

    return js, to_js


def js_options(**values: Any) -> Any:
    """A plain JavaScript object (an options bag) from keyword arguments."""
    js, to_js = browser_bridge()
    return to_js(values, dict_converter=js.Object.fromEntries)


def _blob(data: bytes) -> Any:
    js, to_js = browser_bridge()
    return js.Blob.new(js.Array.of(to_js(data)))


async def blob_bytes(blob: Any) -> bytes:
    """A Blob's (or File's) bytes, copied once."""
    buffer = await blob.arrayBuffer()
    result: bytes = buffer.to_bytes()
    return result


THUMB_WIDTH = 480


async def thumbnail(blob: Any, full_width: int, full_height: int) -> str:
    """A small JPEG data URL of a picture, for previews that survive a reload inside the draft."""
    js, _ = browser_bridge()
    width = min(THUMB_WIDTH, full_width)
    height = max(1, round(full_height * width / max(1, full_width)))
    small = await js.createImageBitmap(blob, js_options(resizeWidth=width, resizeHeight=height, resizeQuality="high"))
    canvas = js.OffscreenCanvas.new(width, height)
    canvas.getContext("2d").drawImage(small, 0, 0)
    small.close()
    encoded = await canvas.convertToBlob(js_options(type="image/jpeg", quality=0.8))
    return "data:image/jpeg;base64," + base64.b64encode(await blob_bytes(encoded)).decode("ascii")


class BrowserImageEngine:
    """An AsyncImageEngine on createImageBitmap + OffscreenCanvas, in a worker when given its URL."""

    name = "browser"

    def __init__(self, max_pixels: int | None = None, worker_url: str | None = None) -> None:
        self.max_pixels = role_limits("image").max_pixels if max_pixels is None else max_pixels
        self._worker_url = worker_url
        self._started: ImageWorker | None = None
        self._jobs = 0
        # The file the worker last sampled, and its job: the worker keeps that decode for the fit.
        self._sampled: tuple[bytes, int] | None = None

    @property
    def _worker(self) -> ImageWorker | None:
        """Started with the first photo, not with the page: the editor's start stays as light as it was."""
        if self._started is None and self._worker_url:
            self._started = start_worker(self._worker_url)
            self._worker_url = None
        return self._started

    async def probe(self, data: bytes) -> ImageFacts:
        facts = sniff(data)
        if facts.format not in DECODABLE or facts.broken or facts.pixel_count > self.max_pixels:
            return facts
        if facts.format == "jpeg":
            # JPEG output stays JPEG: flatness is not needed, and sniffing caught truncation.
            return facts
        try:
            flat = await self._is_flat(data)
        except Exception:  # the browser could not decode it: a JavaScript error crossing the bridge
            return replace(facts, broken=True)
        return replace(facts, flat=flat)

    async def transform(self, data: bytes, plan: Plan) -> EncodedImage:
        out = await self._carry_out(data, plan)
        if out is None:
            raise ImageRejected(error("banner.too_large", bytes=len(data), max_bytes=plan.max_bytes))
        return out

    async def _carry_out(self, data: bytes, plan: Plan) -> EncodedImage | None:
        worker = self._worker
        if worker is not None:
            try:
                return await self._transform_in_worker(worker, data, plan)
            except WorkerUnavailable:
                pass  # the worker is gone: the page does the work
        return await self._transform_here(data, plan)

    def _new_job(self) -> int:
        self._jobs += 1
        return self._jobs

    async def _transform_in_worker(self, worker: ImageWorker, data: bytes, plan: Plan) -> EncodedImage | None:
        """The plan carried out in the worker; None when no quality meets the byte budget."""
        _, to_js = browser_bridge()
        sampled, self._sampled = self._sampled, None
        # The sample's job: the worker fits the picture it decoded then (the bytes go along in
        # case it has let that go).
        job = sampled[1] if sampled is not None and sampled[0] is data else self._new_job()
        source = to_js(data)
        try:
            fitted = await worker.call("fit", (source.buffer,), job=job, bytes=source, width=plan.width,
                                       height=plan.height, opaque=not sniff(data).has_alpha,
                                       orientation=plan.orientation)
        except WorkerRefused as exc:
            raise _undecodable(data) from exc
        try:
            async def encode(fmt: str, quality: int) -> EncodedImage:
                reply = await worker.call("encode", job=job, type=_MIME[fmt], quality=quality / 100,
                                          matte=list(plan.matte))
                encoded: bytes = reply.bytes.to_bytes()
                return EncodedImage(data=encoded, format=fmt, width=int(fitted.width), height=int(fitted.height))

            return await encode_within_budget_async(plan, encode)
        finally:
            if not worker.broken:
                await worker.call("release", job=job)

    async def _transform_here(self, data: bytes, plan: Plan) -> EncodedImage | None:
        """The plan carried out from the page; None when no quality meets the byte budget."""
        js, _ = browser_bridge()
        try:
            bitmap = await js.createImageBitmap(_blob(data), js_options(
                imageOrientation="from-image",
                resizeWidth=plan.width, resizeHeight=plan.height, resizeQuality="high",
            ))
        except Exception as exc:
            raise _undecodable(data) from exc
        try:
            width, height = int(bitmap.width), int(bitmap.height)

            async def encode(fmt: str, quality: int) -> EncodedImage:
                return await self._encode(bitmap, fmt, quality, plan)

            out = await encode_within_budget_async(plan, encode)
        finally:
            bitmap.close()
        return None if out is None else replace(out, width=width, height=height)

    async def _encode(self, bitmap: Any, fmt: str, quality: int, plan: Plan) -> EncodedImage:
        js, _ = browser_bridge()
        canvas = js.OffscreenCanvas.new(bitmap.width, bitmap.height)
        context = canvas.getContext("2d", js_options(alpha=fmt == "png"))
        if fmt != "png":
            # JPEG has no alpha: paint transparent areas over the matte, as Pillow does.
            red, green, blue = plan.matte
            context.fillStyle = f"rgb({red}, {green}, {blue})"
            context.fillRect(0, 0, bitmap.width, bitmap.height)
        context.drawImage(bitmap, 0, 0)
        options = js_options(type=_MIME[fmt], quality=quality / 100) if fmt == "jpeg" else js_options(type=_MIME[fmt])
        blob = await canvas.convertToBlob(options)
        data = await blob_bytes(blob)
        return EncodedImage(data=data, format=fmt, width=int(bitmap.width), height=int(bitmap.height))

    async def _is_flat(self, data: bytes) -> bool:
        """Few distinct colours in a nearest-neighbour sample (the same test as the Pillow engine)."""
        flat = media_rules().flat
        rgba = await self._sample(data, flat.sample_side)
        pixels = array("I")
        pixels.frombytes(rgba)
        return len(set(pixels)) <= flat.max_colors

    async def _sample(self, data: bytes, side: int) -> bytes:
        worker = self._worker
        if worker is not None:
            _, to_js = browser_bridge()
            source = to_js(data)
            job = self._new_job()
            self._sampled = (data, job)
            try:
                reply = await worker.call("sample", (source.buffer,), job=job, bytes=source, side=side)
                sample: bytes = reply.rgba.to_bytes()
                return sample
            except WorkerUnavailable:
                pass
        js, _ = browser_bridge()
        bitmap = await js.createImageBitmap(_blob(data), js_options(
            imageOrientation="none",
            resizeWidth=side, resizeHeight=side, resizeQuality="pixelated",
        ))
        try:
            canvas = js.OffscreenCanvas.new(side, side)
            context = canvas.getContext("2d", js_options(willReadFrequently=True))
            context.drawImage(bitmap, 0, 0)
            rgba: bytes = context.getImageData(0, 0, side, side).data.to_bytes()
        finally:
            bitmap.close()
        return rgba


def _undecodable(data: bytes) -> ImageRejected:
    return ImageRejected(error("image.broken", format=sniff(data).format))


def select_engine() -> AsyncImageEngine:
    """The engine the editor uses: Pillow when importable (a Pillow wheel in dist/), else the browser's codecs."""
    if importlib.util.find_spec("PIL") is not None:
        from creatorpost.imaging.pillow_engine import PillowEngine

        return AsyncAdapter(PillowEngine())
    return BrowserImageEngine(worker_url=image_worker_url())
