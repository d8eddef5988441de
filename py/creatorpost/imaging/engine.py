"""The small interface every pixel engine offers (Pillow, the browser's codecs).

`ImageEngine` is synchronous (Pillow on CPython: the endpoint, tests). The editor talks to
`AsyncImageEngine`, because the browser's codecs answer with promises; `AsyncAdapter` lets a
synchronous engine (Pillow inside Pyodide, when its wheel is present) serve the editor too.
"""

from __future__ import annotations

from typing import Protocol

from creatorpost.imaging.facts import EncodedImage, ImageFacts, Plan


class ImageEngine(Protocol):
    name: str

    def probe(self, data: bytes) -> ImageFacts:
        """What the file is: header facts plus what only decoding tells (damage, flatness).

        Refuses nothing itself: the policy reads the facts and decides.
        """
        ...

    def transform(self, data: bytes, plan: Plan) -> EncodedImage:
        """Upright, resized to plan.width x plan.height, within plan.max_bytes, no metadata.

        Raises ImageRejected (image.broken, banner.too_large) when that cannot be done.
        """
        ...


class AsyncImageEngine(Protocol):
    name: str

    async def probe(self, data: bytes) -> ImageFacts: ...

    async def transform(self, data: bytes, plan: Plan) -> EncodedImage: ...


class AsyncAdapter:
    """An AsyncImageEngine over a synchronous engine."""

    def __init__(self, engine: ImageEngine) -> None:
        self.engine = engine
        self.name = engine.name

    async def probe(self, data: bytes) -> ImageFacts:
        return self.engine.probe(data)

    async def transform(self, data: bytes, plan: Plan) -> EncodedImage:
        return self.engine.transform(data, plan)
