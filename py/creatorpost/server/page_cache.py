"""Readers' pages rendered once and answered from memory (docs/ARCHITECTURE.md, "Readers at scale").

A page is kept under what it shows (`key`: kind, id, language, base address ...) together with the
database state it was rendered from (`state`, read by `store/page_state.py`). Every request reads that
state again, so a new revision, a deletion or another process's write is seen at once; a page whose
state still matches is answered as stored, without a render. The state read before a render labels its
result: a write landing between the two reads gives a page newer than its label, which the next request
sees as a mismatch and renders again, so a page older than the database is never answered.

What the state does not cover (product cards and coupons: the catalog's and the stores' data) is
refreshed by rendering a page again once it is `refresh_seconds` old; until that render is done the
older copy is still answered. Requests for the same page and state share one render: a crowd that
scanned the same QR code costs one render, not one each.

Memory is bounded by the bytes kept (`max_bytes`, body and gzip body), least recently used dropped
first. The cache is per process and used from the event loop only (no locks); renders run in threads.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field

ENTRY_OVERHEAD = 512  # bytes a kept page costs besides its bodies (key, headers, bookkeeping), roughly


@dataclass(frozen=True)
class RenderedPage:
    """A page as answered: its bytes, their gzip encoding and hash (the ETag), and what it was made from."""

    body: bytes
    gzipped: bytes
    digest: str
    headers: tuple[tuple[str, str], ...]  # page-specific headers (Content-Security-Policy, Content-Language)
    state: Hashable

    @classmethod
    def of(cls, html: str, headers: tuple[tuple[str, str], ...], state: Hashable) -> RenderedPage:
        """Encode, compress and hash a rendered page (CPU work: call it in a worker thread)."""
        body = html.encode("utf-8")
        return cls(body=body, gzipped=gzip.compress(body, compresslevel=6, mtime=0),
                   digest=hashlib.sha256(body).hexdigest()[:40], headers=headers, state=state)

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped) + ENTRY_OVERHEAD


@dataclass
class CacheStats:
    pages: int = 0
    bytes: int = 0
    hits: int = 0
    renders: int = 0
    dropped: int = 0


@dataclass
class PageCache:
    max_bytes: int
    refresh_seconds: float
    clock: Callable[[], float] = time.monotonic
    stats: CacheStats = field(default_factory=CacheStats)
    _pages: OrderedDict[Hashable, tuple[RenderedPage, float]] = field(default_factory=OrderedDict)  # page, read at
    _renders: dict[tuple[Hashable, Hashable], asyncio.Task[RenderedPage | None]] = field(default_factory=dict)

    def report(self) -> dict[str, int]:
        """For /healthz: pages and bytes kept, the bound, answers from memory, renders, pages dropped."""
        stats = self.stats
        return {"pages": stats.pages, "bytes": stats.bytes, "max_bytes": self.max_bytes, "hits": stats.hits,
                "renders": stats.renders, "dropped": stats.dropped}

    async def page(self, key: Hashable, state: Hashable,
                   render: Callable[[], Awaitable[RenderedPage | None]]) -> RenderedPage | None:
        """The page under `key` as of `state`: kept, or rendered (once, however many ask at the same time).
        `render` returns None when the page no longer exists (unpublished between the reads)."""
        kept, read_at = self._pages.get(key, (None, 0.0))
        if kept is not None and kept.state == state:
            fresh = self.clock() - read_at < self.refresh_seconds
            if fresh or (key, state) in self._renders:
                self._pages.move_to_end(key)
                self.stats.hits += 1
                return kept
        return await self._render_once(key, state, render)

    async def _render_once(self, key: Hashable, state: Hashable,
                           render: Callable[[], Awaitable[RenderedPage | None]]) -> RenderedPage | None:
        flight = (key, state)
        task = self._renders.get(flight)
        if task is None:
            task = asyncio.ensure_future(self._render_and_keep(key, render))
            self._renders[flight] = task

            def finished(done: asyncio.Task[RenderedPage | None]) -> None:
                self._renders.pop(flight, None)
                if not done.cancelled():
                    done.exception()  # read, so a render whose askers all hung up logs no warning

            task.add_done_callback(finished)
        # A reader who hangs up does not cancel the render the others wait for.
        return await asyncio.shield(task)

    async def _render_and_keep(self, key: Hashable, render: Callable[[], Awaitable[RenderedPage | None]]
                               ) -> RenderedPage | None:
        read_at = self.clock()  # the page's data is at most this old
        page = await render()
        self.stats.renders += 1
        if page is not None:
            self._keep(key, page, read_at)
        else:
            self._forget(key)
        return page

    def _keep(self, key: Hashable, page: RenderedPage, read_at: float) -> None:
        self._forget(key)
        if page.size > self.max_bytes:
            return
        self._pages[key] = (page, read_at)
        self.stats.bytes += page.size
        while self.stats.bytes > self.max_bytes:
            _, (dropped, _) = self._pages.popitem(last=False)
            self.stats.bytes -= dropped.size
            self.stats.dropped += 1
        self.stats.pages = len(self._pages)

    def _forget(self, key: Hashable) -> None:
        old = self._pages.pop(key, None)
        if old is not None:
            self.stats.bytes -= old[0].size
        self.stats.pages = len(self._pages)
