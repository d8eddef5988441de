"""Request rate limits on /api that a client cannot step around (docs/ARCHITECTURE.md, "Limits").

- A bearer token is checked the first time it is seen (then remembered, in a bounded list). Requests
  with a token that checked out draw from that token's bucket: creators behind one address (an
  office, a mobile carrier) do not share a budget.
- Every other request (no token, or one that did not check out) draws from its client address's
  bucket; IPv6 addresses count by their /64, which one subscriber usually holds whole. A made-up
  token per request therefore gains nothing.
- A token that fails the check also draws from its address's failure bucket
  (`CREATORPOST_AUTH_FAILURES_PER_MINUTE`); once that is empty the address's unknown tokens get 429
  without even being looked up.
- Buckets live in this process, at most `CREATORPOST_RATE_LIMIT_CLIENTS` of each kind: the least
  recently used go first (a bucket unused long enough is full again, so forgetting it changes nothing).

Over a limit the answer is 429 `rate_limited` with `Retry-After` in whole seconds. Several processes
behind a balancer each enforce their own share.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from creatorpost.server.errors import error_response


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class TokenBuckets:
    """Token buckets by key, at most `capacity` of them (least recently used forgotten first)."""

    def __init__(self, per_minute: float, burst: int, capacity: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.capacity = capacity
        self.clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._buckets)

    def _refilled(self, key: str, now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(self.burst, now)
            while len(self._buckets) > self.capacity:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
            bucket.stamp = now
        return bucket

    def take(self, key: str) -> float:
        """0 when the request may go ahead (and it is counted), else the seconds until it may."""
        with self._lock:
            bucket = self._refilled(key, self.clock())
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / self.rate

    def wait(self, key: str) -> float:
        """Like `take` without counting anything: 0 while the bucket has a token left."""
        with self._lock:
            if key not in self._buckets:
                return 0.0
            bucket = self._refilled(key, self.clock())
            return 0.0 if bucket.tokens >= 1.0 else (1.0 - bucket.tokens) / self.rate


class RateLimits:
    """Every bucket of the endpoint, and the bounded list of tokens that checked out."""

    def __init__(self, per_minute: int, burst: int, auth_failures_per_minute: int, capacity: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.tokens = TokenBuckets(per_minute, burst, capacity, clock)
        self.addresses = TokenBuckets(per_minute, burst, capacity, clock)
        self.failures = TokenBuckets(auth_failures_per_minute, auth_failures_per_minute, capacity, clock)
        self.capacity = capacity
        self._verified: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def is_verified(self, digest: str) -> bool:
        with self._lock:
            if digest in self._verified:
                self._verified.move_to_end(digest)
                return True
            return False

    def remember(self, digest: str) -> None:
        with self._lock:
            self._verified[digest] = None
            while len(self._verified) > self.capacity:
                self._verified.popitem(last=False)

    def report(self) -> dict[str, int]:
        """How many buckets are held (what /healthz shows: flat under a flood of made-up tokens)."""
        return {"tokens": len(self.tokens), "addresses": len(self.addresses), "failures": len(self.failures),
                "verified": len(self._verified), "capacity": self.capacity}


def bearer_token(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"authorization" and value[:7].lower() == b"bearer ":
            token = value[7:].strip().decode("latin-1")
            return token or None
    return None


def client_address(scope: Scope) -> str:
    """The client's address as a bucket key; an IPv6 address stands for its /64."""
    client = scope.get("client")
    if not client:
        return "unknown"
    try:
        address = ipaddress.ip_address(client[0])
    except ValueError:
        return str(client[0])
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, limits: RateLimits, token_checks_out: Callable[[str], bool],
                 prefix: str = "/api/") -> None:
        self.app = app
        self.limits = limits
        self.token_checks_out = token_checks_out
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix) or scope["method"] == "OPTIONS":
            await self.app(scope, receive, send)
            return
        wait = await self._wait(scope)
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        seconds = math.ceil(wait)
        response = error_response(Request(scope), 429, "rate_limited", None, {"retry_after": seconds},
                                  {"Retry-After": str(seconds)})
        await response(scope, receive, send)

    async def _wait(self, scope: Scope) -> float:
        limits = self.limits
        address = client_address(scope)
        token = bearer_token(scope)
        if token is None:
            return limits.addresses.take(address)
        digest = token_digest(token)
        if not limits.is_verified(digest):
            refused = limits.failures.wait(address)
            if refused > 0:
                return refused  # this address has failed too often: no more look-ups for a while
            try:
                checks_out = await run_in_threadpool(self.token_checks_out, token)
            except Exception:  # the database is down: the route says so; count it as nobody's fault
                return limits.addresses.take(address)
            if checks_out:
                limits.remember(digest)
            else:
                limits.failures.take(address)
                return limits.addresses.take(address)
        return limits.tokens.take(digest)
