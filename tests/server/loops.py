"""Coroutines a test runs by itself (the page cache, a transport), each on an event loop of its own
thread: the test's thread may already hold a running loop (Playwright's sync API, once a browser test
of the same session has started), where `asyncio.run` refuses to start another."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_apart(coroutine: Coroutine[Any, Any, T], timeout: float = 60.0) -> T:
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="test-loop") as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=timeout)
