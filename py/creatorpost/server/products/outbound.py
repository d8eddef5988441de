"""Outbound requests that only go where they should: one GET, to a checked address, within limits.

Used to follow short links (products.shortlinks). The caller gives a `links.ShortLink` (made by the
one URL parser, never re-read from text here) and a `Deadline`. Then:

1. the host name is resolved (`Resolver`, the system's by default), under the deadline;
2. every address it resolves to must pass `address_allowed` (public unicast only by default:
   loopback, private, link-local, unspecified, shared, reserved, multicast and documentation
   ranges are refused, also when carried inside IPv4-mapped, 6to4, Teredo or NAT64 addresses);
   one refused address refuses the name, so a resolver cannot slip one in among good ones;
3. the connection goes to that checked address (`Connector`: TLS with the host name for SNI and
   certificate checks by default), never to the name again;
4. the status line and headers are read up to a byte cap; the body is never read.

Refusals raise `OutboundRefused` with a reason; network failures raise OSError (TimeoutError when
the deadline passes).
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from creatorpost.links import ShortLink

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, float], Sequence[str]]
AddressCheck = Callable[[IPAddress], bool]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
HTTPS_PORT = 443


class OutboundRefused(Exception):
    """The request was not sent: `reason` is "address" (a non-public address) or "answer" (an
    answer we cannot read within the caps)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


class Deadline:
    """The time left for a whole chain of requests (monotonic clock)."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._end = clock() + seconds

    def left(self) -> float:
        """Seconds left; TimeoutError when none."""
        remaining = self._end - self._clock()
        if remaining <= 0:
            raise TimeoutError("outbound deadline passed")
        return remaining


def public_address(address: IPAddress) -> bool:
    """True for a globally routable unicast address, looking inside addresses that carry IPv4."""
    if address.is_multicast or address.is_unspecified or address.is_reserved or not address.is_global:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        inner = [address.ipv4_mapped, address.sixtofour]
        if address.teredo is not None:
            inner.extend(address.teredo)
        if address in _NAT64:
            inner.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if address in _NAT64_LOCAL:
            return False
        return all(public_address(v4) for v4 in inner if v4 is not None)
    return True


def system_resolver(host: str, timeout: float) -> list[str]:
    """The system's addresses for host, within timeout (getaddrinfo has none of its own)."""
    found: list[str] = []
    failed: list[BaseException] = []

    def lookup() -> None:
        try:
            found.extend(str(info[4][0]) for info in socket.getaddrinfo(host, HTTPS_PORT, type=socket.SOCK_STREAM))
        except OSError as error:
            failed.append(error)

    worker = threading.Thread(target=lookup, name="outbound-resolve", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise TimeoutError(f"resolving {host} took longer than {timeout:.1f}s")
    if failed:
        raise OSError(f"cannot resolve {host}: {failed[0]}")
    return found


class Connector(Protocol):
    def __call__(self, host: str, address: str, timeout: float) -> socket.socket: ...


@dataclass(frozen=True)
class TlsConnector:
    """TCP to the checked address, then TLS for `host` (SNI, certificate and name verified)."""

    port: int = HTTPS_PORT
    context: ssl.SSLContext | None = None

    def __call__(self, host: str, address: str, timeout: float) -> socket.socket:
        context = self.context or ssl.create_default_context()
        raw = socket.create_connection((address, self.port), timeout=timeout)
        try:
            return context.wrap_socket(raw, server_hostname=host)
        except BaseException:
            raw.close()
            raise


@dataclass(frozen=True)
class Answer:
    status: int
    location: str | None


@dataclass(frozen=True)
class Outbound:
    """How requests leave: who resolves, who connects, which addresses pass, how much is read."""

    resolve: Resolver = system_resolver
    connect: Connector = TlsConnector()
    address_allowed: AddressCheck = public_address
    max_header_bytes: int = 16384
    user_agent: str = "CreatorPostStudio/1"

    def checked_address(self, host: str, deadline: Deadline) -> str:
        addresses = list(self.resolve(host, deadline.left()))
        if not addresses:
            raise OSError(f"{host} has no address")
        for text in addresses:
            try:
                address = ipaddress.ip_address(text.split("%", 1)[0])
            except ValueError:
                raise OutboundRefused("address", f"{host} resolved to {text!r}") from None
            if not self.address_allowed(address):
                raise OutboundRefused("address", f"{host} resolved to {address}")
        return addresses[0]

    def head(self, link: ShortLink, deadline: Deadline) -> Answer:
        """GET link, reading only the status line and headers."""
        address = self.checked_address(link.host, deadline)
        with self.connect(link.host, address, deadline.left()) as sock:
            request = (f"GET {link.target} HTTP/1.1\r\nHost: {link.host}\r\nUser-Agent: {self.user_agent}\r\n"
                       "Accept: text/html\r\nConnection: close\r\n\r\n")
            sock.settimeout(deadline.left())
            sock.sendall(request.encode("ascii"))
            return _parse_head(self._read_head(sock, deadline))

    def _read_head(self, sock: socket.socket, deadline: Deadline) -> bytes:
        received = bytearray()
        while b"\r\n\r\n" not in received:
            if len(received) > self.max_header_bytes:
                raise OutboundRefused("answer", f"headers longer than {self.max_header_bytes} bytes")
            sock.settimeout(deadline.left())
            chunk = sock.recv(min(4096, self.max_header_bytes + 1 - len(received)))
            if not chunk:
                raise OutboundRefused("answer", "connection closed before the headers ended")
            received += chunk
        return bytes(received[:received.index(b"\r\n\r\n")])


def _parse_head(head: bytes) -> Answer:
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not (parts[1].isascii() and parts[1].isdigit()):
        raise OutboundRefused("answer", f"not an HTTP status line: {lines[0][:80]!r}")
    location = None
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if colon and name.strip().lower() == "location":
            location = value.strip()
            break
    return Answer(status=int(parts[1]), location=location)
