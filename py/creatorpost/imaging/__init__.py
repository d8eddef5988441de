"""Photos: one policy (pure Python) and two pixel engines (Pillow, the browser's codecs).

`select_engine()` gives the editor Pillow when it can be imported (CPython, or Pyodide with a
Pillow wheel), else the browser engine. Modules here other than `pillow_engine` import neither
Pillow nor the JavaScript bridge, so the policy runs everywhere.
"""

from __future__ import annotations

import importlib.util

from creatorpost.imaging.engine import AsyncAdapter, AsyncImageEngine, ImageEngine
from creatorpost.imaging.facts import Decision, EncodedImage, ImageFacts, ImageRejected, Plan, Role
from creatorpost.imaging.pipeline import Outcome, process, process_async
from creatorpost.imaging.policy import decide, fit_within
from creatorpost.imaging.sniff import sniff

__all__ = [
    "AsyncImageEngine", "Decision", "EncodedImage", "ImageEngine", "ImageFacts", "ImageRejected",
    "Outcome", "Plan", "Role", "decide", "fit_within", "pillow_available", "process",
    "process_async", "select_engine", "sniff",
]


def pillow_available() -> bool:
    return importlib.util.find_spec("PIL") is not None


def select_engine() -> AsyncImageEngine:
    """The engine the editor uses: Pillow when importable, else the browser's codecs."""
    if pillow_available():
        from creatorpost.imaging.pillow_engine import PillowEngine

        return AsyncAdapter(PillowEngine())
    from creatorpost.browser.image_engine import BrowserImageEngine
    from creatorpost.browser.image_worker_client import image_worker_url

    return BrowserImageEngine(worker_url=image_worker_url())
