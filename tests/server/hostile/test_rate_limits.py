"""Rate limits an attacker cannot step around (issue 10 §5): made-up tokens are limited by the client's
address, failed tokens count against it, and the buckets stay bounded under a flood (in process and
against a real server, loopback only)."""

from __future__ import annotations

import concurrent.futures
import http.client
import ipaddress
import math
import string
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from creatorpost.server.ratelimit import client_address
from creatorpost.server.store.accounts import issue_token
from tests.endpoints import InProcessEndpoint, start_in_process, start_server
from tests.hostile.posts import examples

TOKEN_CHARS = string.ascii_letters + string.digits + "-_."
GUESSES = 200
FAILURE_BUDGET = 5
ADDRESSES_USED = {"127.200.0.1"}  # by test_made_up_tokens_gain_nothing (that one: its other address)
LIMITS = {"CREATORPOST_RATE_LIMIT_PER_MINUTE": "60", "CREATORPOST_RATE_LIMIT_BURST": "10",
          "CREATORPOST_AUTH_FAILURES_PER_MINUTE": str(FAILURE_BUDGET), "CREATORPOST_RATE_LIMIT_CLIENTS": "50"}


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory, fake_dist: Path) -> Iterator[InProcessEndpoint]:
    """An endpoint with small budgets: 60 a minute (10 at once), 5 failed tokens a minute, 50 buckets."""
    running = start_in_process(tmp_path_factory.mktemp("limited"), fake_dist, env=LIMITS)
    yield running
    running.stop()


@examples(4)
@given(guesses=st.lists(st.text(TOKEN_CHARS, min_size=1, max_size=48), min_size=GUESSES, max_size=GUESSES,
                        unique=True),
       address=st.ip_addresses(v=4, network="127.0.0.0/8").map(str),
       path=st.sampled_from(("/api/creators/me", "/api/rules", "/api/posts/p_x")))
def test_made_up_tokens_gain_nothing(limited: InProcessEndpoint, guesses: list[str], address: str,
                                     path: str) -> None:
    """A new made-up token per request used to be a fresh budget each time (200 guesses at 60/min: no
    429 at all). Now the address pays: after 5 failed tokens every guess is 429, on any /api path, while
    a creator whose token checked out before, and other addresses, go on unaffected."""
    # An address of its own per example: after one example its address has spent its failure budget, and a
    # token that has not checked out there yet is refused without a look-up (hypothesis repeats values).
    assume(address not in ADDRESSES_USED)
    ADDRESSES_USED.add(address)
    # A token of its own per example: a creator's token has its own budget (60 a minute, 10 at once), which
    # examples that follow one another quickly would use up; that budget is not what this test is about.
    token, _ = issue_token(limited.services.settings, handle="demo-basic")
    with limited.client(token, address=address) as creator:
        assert creator.get("/api/creators/me").status_code == 200  # checked out: its own bucket from now on
    statuses = []
    began = time.monotonic()
    for guess in guesses:
        with limited.client(guess, address=address) as client:
            statuses.append(client.get(path).status_code)
    looked_up = len(statuses) - statuses.count(429)
    assert set(statuses) <= {200, 401, 429}  # 200: /api/rules asks for no token
    assert looked_up <= FAILURE_BUDGET + _refills(time.monotonic() - began, FAILURE_BUDGET)
    assert statuses[-1] == 429
    with limited.client(token, address=address) as creator, limited.client("x", address="127.200.0.1") as other:
        assert creator.get("/api/creators/me").status_code == 200
        assert other.get("/api/creators/me").status_code in (401, 429)  # 429 once its own failures run out


def _refills(seconds: float, per_minute: float) -> int:
    """Tokens a bucket gains back in `seconds` (a busy machine makes a test take longer)."""
    return math.ceil(seconds * per_minute / 60)


def test_buckets_stay_bounded_whatever_the_flood(limited: InProcessEndpoint) -> None:
    """Made-up tokens from 1,500 addresses: no more buckets of any kind than the setting allows (50)."""
    for number in range(1_500):
        address = str(ipaddress.IPv4Address("127.64.0.0") + number)
        with limited.client(f"guess-{number}", address=address) as client:
            assert client.get("/api/rules").status_code in (200, 429)
    with limited.client() as client:
        counts = client.get("/healthz").json()["rate_limits"]
    assert counts["capacity"] == 50
    assert max(counts["tokens"], counts["addresses"], counts["failures"], counts["verified"]) <= 50
    assert counts["addresses"] == counts["failures"] == 50


@examples(200)
@given(network=st.ip_addresses(v=6), a=st.integers(0, 2**64 - 1), b=st.integers(0, 2**64 - 1))
def test_an_ipv6_address_counts_by_its_64(network: ipaddress.IPv6Address, a: int, b: int) -> None:
    """Two addresses of one /64 (what one subscriber holds) share a bucket; the next /64 does not."""
    prefix = int(network) >> 64 << 64
    first, second = (ipaddress.IPv6Address(prefix | n) for n in (a, b))
    assume(first.ipv4_mapped is None and second.ipv4_mapped is None)  # those are IPv4 clients
    key = client_address({"client": (str(first), 1)})
    assert key == client_address({"client": (str(second), 2)})
    if prefix + 2**64 < 2**128:
        assert key != client_address({"client": (str(ipaddress.IPv6Address(prefix + 2**64)), 3)})
    assert client_address({"client": ("::ffff:127.0.0.9", 4)}) == "127.0.0.9"


def test_one_64_shares_a_budget(limited: InProcessEndpoint) -> None:
    statuses = []
    began = time.monotonic()
    for number in range(30):
        with limited.client(address=f"2001:db8:0:7::{number + 1:x}") as client:
            statuses.append(client.get("/api/rules").status_code)
    assert statuses[:10] == [200] * 10 and statuses[-1] == 429
    assert statuses.count(200) <= 10 + _refills(time.monotonic() - began, 60)


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _flood(url: str, addresses: list[str], per_address: int) -> list[int]:
    """`per_address` requests from each loopback address (one kept-alive connection each), 8 at a time,
    every one with a token never seen before. (http.client: an httpx client costs ~50 ms to make.)"""
    host, port = url.split("//", 1)[1].rstrip("/").rsplit(":", 1)

    def one(number: int, address: str) -> list[int]:
        statuses = []
        connection = http.client.HTTPConnection(host, int(port), timeout=30, source_address=(address, 0))
        try:
            for count in range(per_address):
                connection.request("GET", "/api/creators/me", headers={"Authorization": f"Bearer made-up-{number}-{count}"})
                answer = connection.getresponse()
                answer.read()
                statuses.append(answer.status)
        finally:
            connection.close()
        return statuses

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        return [status for chunk in pool.map(one, range(len(addresses)), addresses) for status in chunk]


def test_a_flood_of_made_up_tokens_gets_429s_and_memory_stays_flat(tmp_path: Path, fake_dist: Path) -> None:
    """A real server (room for 100 buckets of each kind), 8 clients: 3,200 requests with made-up tokens
    from 40 loopback addresses are nearly all 429; then 1,600 from 1,600 other addresses (more clients
    than buckets) leave every bucket count within its bound and the server's memory flat."""
    server = start_server(tmp_path / "flood", fake_dist, env={"CREATORPOST_RATE_LIMIT_CLIENTS": "100",
                                                              "CREATORPOST_AUTH_FAILURES_PER_MINUTE": "5"})
    few = [str(ipaddress.IPv4Address("127.8.0.1") + n) for n in range(40)]
    many = [str(ipaddress.IPv4Address("127.9.0.1") + n) for n in range(1_600)]
    try:
        began = time.monotonic()
        repeated = _flood(server.url, few, 80)
        took = time.monotonic() - began
        before = _rss_kib(server.process.pid)
        spread = _flood(server.url, many, 1)
        after = _rss_kib(server.process.pid)
        with server.client() as client:
            counts = client.get("/healthz").json()["rate_limits"]
    finally:
        server.stop()
    assert set(repeated) | set(spread) <= {401, 429}
    # Only each address's failure budget (and what it regained meanwhile) got looked up.
    assert len(repeated) - repeated.count(429) <= len(few) * (5 + _refills(took, 5))
    assert max(counts["tokens"], counts["addresses"], counts["failures"], counts["verified"]) <= 100
    assert after - before < 8 * 1024, f"RSS {before} -> {after} KiB"


@pytest.mark.parametrize("trusted", [True, False])
def test_behind_a_load_balancer_readers_are_told_apart_only_when_it_is_trusted(
        tmp_path: Path, fake_dist: Path, trusted: bool) -> None:
    """docs/DEPLOY.md, "Limits that are per process": every request reaches the endpoint from the balancer's
    address (here 127.0.0.1); with FORWARDED_ALLOW_IPS naming it, its X-Forwarded-For is the reader, so one
    reader spending their budget leaves another's whole; without, every reader shares the balancer's bucket.
    (The forwarded addresses are header values only: nothing is sent to them.)"""
    balancer = "127.0.0.1" if trusted else "10.0.0.10"
    server = start_server(tmp_path / "behind", fake_dist, env={
        "CREATORPOST_RATE_LIMIT_PER_MINUTE": "1", "CREATORPOST_RATE_LIMIT_BURST": "3", "FORWARDED_ALLOW_IPS": balancer})
    try:
        with server.client() as client:
            first = [client.get("/api/rules", headers={"X-Forwarded-For": "203.0.113.7"}).status_code
                     for _ in range(4)]
            other = client.get("/api/rules", headers={"X-Forwarded-For": "203.0.113.8"})
    finally:
        server.stop()
    assert first == [200, 200, 200, 429]
    assert other.status_code == (200 if trusted else 429)
    if not trusted:
        assert other.json()["error"]["code"] == "rate_limited"
