"""Fault-injection hooks for the tests of crash safety and back-pressure, all in one place.

They run only when `CREATORPOST_FAULT_INJECT` names them (a testing setting, documented with the
others) and print a `FAULT ...` line that a test waits for, so it can act at exactly that point.
"""

from __future__ import annotations

import asyncio
import threading

from creatorpost.server.media.slots import MediaSlots


def hang_before_commit(post_id: str) -> None:
    """`publish-before-commit`: the publish transaction is open with the post and blocks written.
    Say so and hang, so a test can kill the process at exactly this point."""
    print(f"FAULT publish-before-commit {post_id}", flush=True)
    threading.Event().wait()


def hang_before_media_row(media_id: str) -> None:
    """`media-before-row`: an upload's file is in place and its row not yet written. Say so and hang,
    so a test can kill the process at exactly this point."""
    print(f"FAULT media-before-row {media_id}", flush=True)
    threading.Event().wait()


def hang_after_claim(worker: str, post_ids: list[str]) -> None:
    """`review-after-claim`: a review worker holds its claims and reviews nothing. Say so and hang, so a
    test can kill it with -9 and see another worker take the posts over."""
    print(f"FAULT review-after-claim {worker} {' '.join(post_ids)}", flush=True)
    threading.Event().wait()


_held: list[bool] = []


async def hold_first_decode(slots: MediaSlots) -> None:
    """`media-decoding`: the first photo holds its slot until another upload waits, and says what it saw."""
    if _held:
        return
    _held.append(True)
    print(f"FAULT media-decoding decoding={slots.decoding}", flush=True)
    await asyncio.wait_for(slots.someone_waits(), timeout=30)
    print(f"FAULT media-queued decoding={slots.decoding} waiting={slots.waiting}", flush=True)
