"""One tab at a time: the Web Locks API (`navigator.locks`), shared by every tab of the studio's origin.

`exclusively(name, work)` runs `work` while holding the lock `name`, unless another tab holds it:
then it returns False at once instead of waiting (that tab is doing the work). Where a browser has
no Web Locks, or refuses them (a frame denied storage, as in a partner's page in a private window),
the work just runs: what it sends carries an Idempotency-Key, so the endpoint still acts once.
"""

from collections.abc import Awaitable, Callable
from typing import Any

import js
from pyodide.ffi import create_once_callable, to_js

from creatorpost.browser.dom import real


async def exclusively(name: str, work: Callable[[], Awaitable[None]]) -> bool:
    locks = real(getattr(js.navigator, "locks", None))
    if locks is None:
        await work()
        return True
    ran: list[bool] = []

    async def holding(lock: Any) -> None:
        if real(lock) is None:
            return  # held elsewhere
        ran.append(True)
        await work()

    options = to_js({"ifAvailable": True}, dict_converter=js.Object.fromEntries)
    try:
        await locks.request(name, options, create_once_callable(holding))
    except Exception:
        if ran:
            raise  # the work itself failed
        await work()  # SecurityError: this page may not use locks
        return True
    return bool(ran)
