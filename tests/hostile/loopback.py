"""A loopback listener that counts every connection, and the resolver and connector tests inject
into server.products.outbound so that no request ever leaves 127.0.0.1.

`Platform` plays the short-link server: scripted answers per path (a redirect, a slow answer that
waits for the test to let it go, endless headers). `LoopbackConnector` connects only to loopback
addresses, and only to the listener's port; asked for any other address it records the attempt
and refuses (tests assert it was never asked). `Resolver` answers every name with the addresses
a test chooses and remembers the names asked.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOLD_LIMIT_SECONDS = 30.0  # a held answer never outlives a test run, whatever happens


@dataclass
class Script:
    """What the platform answers: path -> (status, Location or None); "hold" and "flood" paths."""

    routes: dict[str, tuple[int, str | None]] = field(default_factory=dict)
    hold: set[str] = field(default_factory=set)
    flood: set[str] = field(default_factory=set)
    released: threading.Event = field(default_factory=threading.Event)


class _Listener(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, script: Script, context: ssl.SSLContext | None) -> None:
        super().__init__(("127.0.0.1", 0), _Platform)
        self.script = script
        self.context = context
        self.connections = 0
        self.requests: list[tuple[str, str]] = []  # (Host header, request target)
        self.lock = threading.Lock()

    def get_request(self) -> tuple[socket.socket, object]:
        sock, address = super().get_request()
        with self.lock:
            self.connections += 1
        if self.context is not None:
            sock = self.context.wrap_socket(sock, server_side=True)
        return sock, address


class _Platform(BaseHTTPRequestHandler):
    server: _Listener
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802
        with self.server.lock:
            self.server.requests.append((self.headers.get("Host", ""), self.path))
        script = self.server.script
        if self.path in script.hold:
            script.released.wait(HOLD_LIMIT_SECONDS)
            return
        if self.path in script.flood:
            self.send_response(302)
            filler = "x" * 1000
            for index in range(200):  # 200 kB of headers: far past any sane cap
                self.send_header(f"X-Filler-{index}", filler)
            self.end_headers()
            return
        status, location = script.routes.get(self.path, (404, None))
        self.send_response(status)
        if location is not None:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@dataclass
class Platform:
    port: int
    listener: _Listener

    @property
    def connections(self) -> int:
        with self.listener.lock:
            return self.listener.connections

    @property
    def requests(self) -> list[tuple[str, str]]:
        with self.listener.lock:
            return list(self.listener.requests)


@contextmanager
def platform(script: Script | None = None, context: ssl.SSLContext | None = None) -> Iterator[Platform]:
    listener = _Listener(script or Script(), context)
    thread = threading.Thread(target=listener.serve_forever, daemon=True)
    thread.start()
    try:
        yield Platform(listener.server_address[1], listener)
    finally:
        listener.script.released.set()
        listener.shutdown()
        listener.server_close()


@dataclass
class Resolver:
    """Answers every name with `addresses`; `asked` lists the names, in order."""

    addresses: Sequence[str] = ("127.0.0.1",)
    asked: list[str] = field(default_factory=list)

    def __call__(self, host: str, timeout: float) -> list[str]:
        self.asked.append(host)
        return list(self.addresses)


@dataclass
class LoopbackConnector:
    """Plain TCP to the listener's port, for loopback addresses only; anything else is refused."""

    port: int
    refused: list[str] = field(default_factory=list)
    connected: list[tuple[str, str]] = field(default_factory=list)

    def __call__(self, host: str, address: str, timeout: float) -> socket.socket:
        if not ipaddress.ip_address(address).is_loopback:
            self.refused.append(address)
            raise ConnectionRefusedError(f"the test connector never leaves loopback ({address})")
        self.connected.append((host, address))
        return socket.create_connection((address, self.port), timeout=timeout)
