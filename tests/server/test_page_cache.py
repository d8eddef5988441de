"""The page cache on its own: bounded by bytes (least recently used dropped first), a page answered
while its state matches and rendered again when it does not, a page past its refresh age rendered
again while the older copy is still answered, and one render for everyone asking at once."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable

from creatorpost.server.page_cache import ENTRY_OVERHEAD, PageCache, RenderedPage
from tests.server.loops import run_apart


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _renderer(text: str, state: Hashable, calls: list[str]) -> Callable[[], Awaitable[RenderedPage | None]]:
    async def render() -> RenderedPage | None:
        calls.append(text)
        return RenderedPage.of(text, (), state)

    return render


def test_pages_are_kept_within_the_byte_bound_least_recently_used_dropped_first() -> None:
    async def scenario() -> None:
        one_page = RenderedPage.of("x" * 2000, (), 1).size
        cache = PageCache(max_bytes=3 * one_page, refresh_seconds=60)
        calls: list[str] = []
        for name in "abc":
            await cache.page(name, 1, _renderer(name + "x" * 1999, 1, calls))
        await cache.page("a", 1, _renderer("never", 1, calls))  # a is used again: b is now the oldest
        await cache.page("d", 1, _renderer("d" + "x" * 1999, 1, calls))
        assert cache.stats.pages == 3 and cache.stats.bytes <= 3 * one_page and cache.stats.dropped == 1
        await cache.page("a", 1, _renderer("never", 1, calls))
        await cache.page("b", 1, _renderer("b again" + "x" * 1993, 1, calls))
        assert [c[:7] for c in calls] == ["axxxxxx", "bxxxxxx", "cxxxxxx", "dxxxxxx", "b again"]
        assert ENTRY_OVERHEAD < one_page

    run_apart(scenario())


def test_a_page_larger_than_the_bound_is_answered_but_not_kept() -> None:
    async def scenario() -> None:
        cache = PageCache(max_bytes=100, refresh_seconds=60)
        calls: list[str] = []
        first = await cache.page("big", 1, _renderer("y" * 5000, 1, calls))
        second = await cache.page("big", 1, _renderer("y" * 5000, 1, calls))
        assert first is not None and second is not None and first.body == second.body
        assert len(calls) == 2 and cache.stats.pages == 0 and cache.stats.bytes == 0

    run_apart(scenario())


def test_a_new_state_renders_again_and_a_vanished_page_is_forgotten() -> None:
    async def scenario() -> None:
        cache = PageCache(max_bytes=1 << 20, refresh_seconds=60)
        calls: list[str] = []
        assert (await cache.page("p", 1, _renderer("first", 1, calls))).body == b"first"  # type: ignore[union-attr]
        assert (await cache.page("p", 1, _renderer("ignored", 1, calls))).body == b"first"  # type: ignore[union-attr]
        assert (await cache.page("p", 2, _renderer("second", 2, calls))).body == b"second"  # type: ignore[union-attr]

        async def gone() -> RenderedPage | None:
            return None

        assert await cache.page("p", 3, gone) is None
        assert cache.stats.pages == 0 and calls == ["first", "second"]

    run_apart(scenario())


def test_an_old_page_is_rendered_again_while_its_older_copy_is_still_answered() -> None:
    async def scenario() -> None:
        clock = Clock()
        cache = PageCache(max_bytes=1 << 20, refresh_seconds=60, clock=clock)
        calls: list[str] = []
        await cache.page("p", 1, _renderer("old prices", 1, calls))
        clock.now += 61
        release = asyncio.Event()

        async def slow_refresh() -> RenderedPage | None:
            await release.wait()
            calls.append("new prices")
            return RenderedPage.of("new prices", (), 1)

        refreshing = asyncio.ensure_future(cache.page("p", 1, slow_refresh))
        await asyncio.sleep(0)  # let the refresh start
        meanwhile = await cache.page("p", 1, _renderer("never", 1, calls))
        assert meanwhile is not None and meanwhile.body == b"old prices"
        release.set()
        refreshed = await refreshing
        assert refreshed is not None and refreshed.body == b"new prices"
        after = await cache.page("p", 1, _renderer("never", 1, calls))
        assert after is not None and after.body == b"new prices"
        assert calls == ["old prices", "new prices"]

    run_apart(scenario())


def test_everyone_asking_at_once_shares_one_render_even_when_the_first_asker_hangs_up() -> None:
    async def scenario() -> None:
        cache = PageCache(max_bytes=1 << 20, refresh_seconds=60)
        release = asyncio.Event()
        calls: list[str] = []

        async def render() -> RenderedPage | None:
            calls.append("render")
            await release.wait()
            return RenderedPage.of("shared", (), 1)

        askers = [asyncio.ensure_future(cache.page("p", 1, render)) for _ in range(20)]
        await asyncio.sleep(0)
        askers[0].cancel()  # the first reader closes the tab
        release.set()
        answers = await asyncio.gather(*askers[1:])
        assert {a.body for a in answers if a is not None} == {b"shared"} and len(answers) == 19
        assert calls == ["render"] and cache.stats.renders == 1 and cache.stats.pages == 1

    run_apart(scenario())


def test_the_etag_is_the_hash_of_the_bytes_so_every_process_gives_the_same_one() -> None:
    one = RenderedPage.of("<p>same</p>", (), ("state", 1))
    other = RenderedPage.of("<p>same</p>", (), ("state", 2))
    changed = RenderedPage.of("<p>different</p>", (), ("state", 1))
    assert one.digest == other.digest != changed.digest
    assert one.gzipped == other.gzipped  # gzip without a timestamp: the same bytes everywhere
