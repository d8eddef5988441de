"""Photos: one policy (pure Python) and two pixel engines (Pillow, the browser's codecs).

Modules here other than `pillow_engine` import neither Pillow nor the JavaScript bridge, so the
policy runs everywhere; the browser's engine and the choice between the two live in
`creatorpost.browser.image_engine`.
"""

from __future__ import annotations

from creatorpost.imaging.engine import AsyncAdapter, AsyncImageEngine, ImageEngine
from creatorpost.imaging.facts import Decision, EncodedImage, ImageFacts, ImageRejected, Plan, Role
from creatorpost.imaging.pipeline import Outcome, process, process_async
from creatorpost.imaging.policy import decide, fit_within
from creatorpost.imaging.sniff import sniff

__all__ = [
    "AsyncImageEngine", "Decision", "EncodedImage", "ImageEngine", "ImageFacts", "ImageRejected",
    "Outcome", "Plan", "Role", "decide", "fit_within", "process", "process_async", "sniff",
]
