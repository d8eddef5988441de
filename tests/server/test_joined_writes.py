"""One system call per answer: what a real socket's far end receives through `JoinedWrites`.

A socket pair stands for the connection; asyncio's own transport writes to one end, the test reads
the other. The head and body written in one turn of the loop arrive as one piece; closing sends
what is held first; aborting sends nothing more."""

from __future__ import annotations

import asyncio
import socket

from creatorpost.server.joined_writes import JoinedWrites
from tests.server.loops import run_apart


async def _connected() -> tuple[JoinedWrites, socket.socket, list[int]]:
    """A JoinedWrites over asyncio's transport of one end of a socket pair; the other end, and a
    list of the sizes of the writes that reached asyncio's transport."""
    ours, theirs = socket.socketpair()
    loop = asyncio.get_running_loop()
    transport, _ = await loop.create_connection(asyncio.Protocol, sock=ours)
    sizes: list[int] = []
    real_write = transport.write

    def counted(data: bytes | bytearray | memoryview) -> None:
        sizes.append(len(data))
        real_write(data)

    transport.write = counted  # type: ignore[method-assign]
    theirs.settimeout(10)
    return JoinedWrites(transport, loop), theirs, sizes


def _read_until_closed(sock: socket.socket) -> bytes:
    received = b""
    for _ in range(1000):
        chunk = sock.recv(65536)
        if not chunk:
            return received
        received += chunk
    raise AssertionError("the connection was not closed")


def test_a_head_and_body_written_in_one_turn_leave_in_one_write() -> None:
    async def scenario() -> None:
        joined, theirs, sizes = await _connected()
        joined.write(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
        joined.write(b"hello")
        assert sizes == [] and joined.get_write_buffer_size() == 43  # held until the turn ends
        await asyncio.sleep(0)
        assert sizes == [43]
        joined.write(b"second answer")
        await asyncio.sleep(0)
        assert sizes == [43, 13]
        joined.close()
        await asyncio.sleep(0)  # asyncio closes the socket at the next turn
        assert _read_until_closed(theirs) == b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhellosecond answer"
        theirs.close()

    run_apart(scenario())


def test_closing_sends_what_is_held_first_and_aborting_sends_nothing_more() -> None:
    async def scenario() -> None:
        joined, theirs, _ = await _connected()
        joined.write(b"HTTP/1.1 408 Request Timeout\r\n\r\n")
        joined.close()  # in the same turn: the answer must still arrive before the close
        await asyncio.sleep(0)
        assert _read_until_closed(theirs) == b"HTTP/1.1 408 Request Timeout\r\n\r\n"
        theirs.close()

        joined, theirs, sizes = await _connected()
        joined.write(b"never sent")
        joined.abort()
        await asyncio.sleep(0)
        assert sizes == [] and _read_until_closed(theirs) == b""
        theirs.close()

    run_apart(scenario())
