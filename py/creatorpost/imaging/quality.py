"""Meet a byte budget with the least loss: a binary search over JPEG quality.

The search is a small state machine (`QualitySearch`) so the synchronous Pillow engine and the
asynchronous browser engine drive the same logic: ask `next()` for a quality, encode, `report()`
the size, repeat until `next()` is None. The first try is the plan's quality; only when that is
over budget does the search go lower, never below the plan's minimum.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from creatorpost.imaging.facts import EncodedImage, Plan

Encoder = Callable[[str, int], EncodedImage]
AsyncEncoder = Callable[[str, int], Awaitable[EncodedImage]]


class QualitySearch:
    """Highest quality in [min_quality, quality] whose output fits max_bytes (None: no budget)."""

    def __init__(self, quality: int, min_quality: int, max_bytes: int | None) -> None:
        self._low = min_quality
        self._high = quality
        self._max_bytes = max_bytes
        self._pending: int | None = quality
        self.best: int | None = None

    def next(self) -> int | None:
        return self._pending

    def report(self, size: int) -> bool:
        """Record the size the pending quality produced; True when it fits the budget."""
        tried = self._pending
        if tried is None:
            raise RuntimeError("report() without a pending quality")
        fits = self._max_bytes is None or size <= self._max_bytes
        if fits:
            self.best = tried
            self._low = tried + 1
        else:
            self._high = tried - 1
        # Upper middle: when two qualities remain, try the better one first.
        self._pending = (self._low + self._high + 1) // 2 if self._low <= self._high else None
        return fits


def encode_within_budget(plan: Plan, encode: Encoder) -> EncodedImage | None:
    """The plan's format if it fits, else its fallback; None when nothing fits the budget."""
    for fmt in _formats(plan):
        search = _search_for(fmt, plan)
        best: EncodedImage | None = None
        while (quality := search.next()) is not None:
            out = encode(fmt, quality)
            if search.report(out.bytes):
                best = out
        if best is not None:
            return best
    return None


async def encode_within_budget_async(plan: Plan, encode: AsyncEncoder) -> EncodedImage | None:
    for fmt in _formats(plan):
        search = _search_for(fmt, plan)
        best: EncodedImage | None = None
        while (quality := search.next()) is not None:
            out = await encode(fmt, quality)
            if search.report(out.bytes):
                best = out
        if best is not None:
            return best
    return None


def _formats(plan: Plan) -> tuple[str, ...]:
    return (plan.format,) if plan.fallback_format is None else (plan.format, plan.fallback_format)


def _search_for(fmt: str, plan: Plan) -> QualitySearch:
    if fmt == "jpeg":
        return QualitySearch(plan.quality, plan.min_quality, plan.max_bytes)
    # Lossless formats have no quality to trade: one try, at the plan's quality (ignored).
    return QualitySearch(plan.quality, plan.quality, plan.max_bytes)
