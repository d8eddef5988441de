"""How many photos /api/media decodes at once: the endpoint's memory stays bounded under load.

Checking a 50-megapixel photo takes ~100 MiB above idle for about a second. Uploads beyond the
limit wait their turn with their bytes still in a spooled temporary file (on disk past 1 MiB),
so twenty creators uploading at once cost the memory of `limit` photos, not of twenty.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class MediaSlots:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.decoding = 0
        self.waiting = 0
        self._semaphore = asyncio.Semaphore(limit)
        self._queued = asyncio.Event()

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one of the `limit` slots for the duration of the block; wait for one if none is free."""
        self.waiting += 1
        self._queued.set()
        try:
            await self._semaphore.acquire()
        finally:
            self.waiting -= 1
            if not self.waiting:
                self._queued.clear()
        self.decoding += 1
        try:
            yield
        finally:
            self.decoding -= 1
            self._semaphore.release()

    async def someone_waits(self) -> None:
        """Return once an upload is waiting for a slot (the test hook's signal)."""
        await self._queued.wait()

    def report(self) -> dict[str, int]:
        return {"decoding": self.decoding, "waiting": self.waiting, "limit": self.limit}
