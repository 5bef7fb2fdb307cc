"""The server's loop takes every waiting connection in one turn.

Each test queues connections in the kernel before the loop runs (a blocking ``connect``
completes against the listen backlog), then counts the loop's turns until each
connection's protocol is made. A turn is counted by a callback that schedules itself
again with ``call_soon``, so it runs once per turn.
"""

from __future__ import annotations

import asyncio
import errno
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import cast

import pytest

from briefings.serving import accept

CLIENTS = 20


class Recorder(asyncio.Protocol):
    """Answers each chunk it reads with ``ok``, noting the turn its connection was made."""

    def __init__(self, made: list[int], turn: Callable[[], int]) -> None:
        self.made = made
        self.turn = turn
        OPEN.append(self)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)
        self.made.append(self.turn())

    def data_received(self, data: bytes) -> None:
        self.transport.write(b"ok")


OPEN: list[Recorder] = []


@contextmanager
def running(
    new_loop: Callable[[], asyncio.AbstractEventLoop],
) -> Iterator[asyncio.AbstractEventLoop]:
    loop = new_loop()
    try:
        yield loop
    finally:
        for protocol in OPEN:
            if hasattr(protocol, "transport"):
                protocol.transport.close()
        OPEN.clear()
        loop.run_until_complete(asyncio.sleep(0))
        loop.close()


def turns_until_made(
    loop: asyncio.AbstractEventLoop, clients: int, sock: socket.socket | None = None
) -> list[int]:
    """Starts a server (on ``sock`` if given), queues ``clients`` connections, and returns
    the turn each was made in."""
    turns = [0]
    made: list[int] = []

    def tick() -> None:
        turns[0] += 1
        if len(made) < clients and turns[0] < 10_000:
            loop.call_soon(tick)

    def factory() -> Recorder:
        return Recorder(made, lambda: turns[0])

    server = loop.run_until_complete(
        loop.create_server(factory, sock=sock)
        if sock is not None
        else loop.create_server(factory, "127.0.0.1", 0)
    )
    port = server.sockets[0].getsockname()[1]
    sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(clients)]
    try:
        loop.call_soon(tick)
        loop.run_until_complete(_until(lambda: len(made) >= clients, loop))
    finally:
        for client in sockets:
            client.close()
        server.close()
        loop.run_until_complete(server.wait_closed())
    return made


async def _until(done: Callable[[], bool], loop: asyncio.AbstractEventLoop) -> None:
    deadline = loop.time() + 5
    while not done() and loop.time() < deadline:
        await asyncio.sleep(0)


def test_twenty_waiting_connections_are_all_made_within_two_turns() -> None:
    with running(accept.new_event_loop) as loop:
        made = turns_until_made(loop, CLIENTS)
    assert len(made) == CLIENTS
    assert max(made) - min(made) <= 1, made


def test_uvloops_own_server_would_take_one_connection_a_turn() -> None:
    # Why the module exists: if this ever fails, uvloop accepts in bulk again and
    # briefings.serving.accept can go.
    uvloop = pytest.importorskip("uvloop")
    with running(uvloop.new_event_loop) as loop:
        made = turns_until_made(loop, CLIENTS)
    assert len(made) == CLIENTS
    assert max(made) - min(made) >= CLIENTS - 1, made


def test_an_accepted_connection_is_served() -> None:
    with running(accept.new_event_loop) as loop:
        made: list[int] = []
        server = loop.run_until_complete(
            loop.create_server(lambda: Recorder(made, lambda: 0), "127.0.0.1", 0)
        )
        port = server.sockets[0].getsockname()[1]

        async def ask() -> bytes:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"hello")
            answer = await reader.readexactly(2)
            writer.close()
            return answer

        assert loop.run_until_complete(ask()) == b"ok"
        server.close()
        loop.run_until_complete(server.wait_closed())


def test_a_closed_server_refuses_new_connections() -> None:
    with running(accept.new_event_loop) as loop:
        server = loop.run_until_complete(
            loop.create_server(lambda: Recorder([], lambda: 0), "127.0.0.1", 0)
        )
        port = server.sockets[0].getsockname()[1]
        assert server.is_serving()
        server.close()
        loop.run_until_complete(server.wait_closed())
        assert not server.is_serving()
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_a_shared_socket_is_taken_one_connection_a_turn() -> None:
    # --workers N: every worker reads the same socket; taking all that wait would leave
    # the others none (wrk's 32 connections all on one worker).
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    with running(accept.new_event_loop) as loop:
        made = turns_until_made(loop, CLIENTS, sock=listening)
    assert len(made) == CLIENTS
    assert max(made) - min(made) >= CLIENTS - 1, made


def test_a_given_listening_socket_is_served() -> None:
    # --workers N: uvicorn binds one socket, without listening, and each worker serves it.
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    port = listening.getsockname()[1]
    with running(accept.new_event_loop) as loop:
        made: list[int] = []
        server = loop.run_until_complete(
            loop.create_server(lambda: Recorder(made, lambda: 0), sock=listening)
        )
        assert [s.getsockname()[1] for s in server.sockets] == [port]
        client = socket.create_connection(("127.0.0.1", port))
        loop.run_until_complete(_until(lambda: len(made) == 1, loop))
        client.close()
        server.close()
        loop.run_until_complete(server.wait_closed())
    assert made == [0]


def test_a_port_in_use_is_an_os_error() -> None:
    taken = socket.create_server(("127.0.0.1", 0))
    port = taken.getsockname()[1]
    try:
        with running(accept.new_event_loop) as loop, pytest.raises(OSError, match="in use"):
            loop.run_until_complete(
                loop.create_server(lambda: Recorder([], lambda: 0), "127.0.0.1", port)
            )
    finally:
        taken.close()


class RunningOut:
    """A listening socket whose first accept fails as when the process has no descriptor."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.failed = False

    def fileno(self) -> int:
        return self.sock.fileno()

    def accept(self) -> tuple[socket.socket, object]:
        if not self.failed:
            self.failed = True
            raise OSError(errno.EMFILE, "Too many open files")
        return self.sock.accept()

    def close(self) -> None:
        self.sock.close()


def test_a_failed_accept_pauses_listening_then_serves_again(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(accept, "ACCEPT_RETRY_SECONDS", 0.05)
    listening = socket.create_server(("127.0.0.1", 0))
    listening.setblocking(False)
    port = listening.getsockname()[1]
    flaky = RunningOut(listening)
    with running(accept.new_event_loop) as loop:
        made: list[int] = []
        server = accept.BulkAcceptServer(
            loop, [cast(socket.socket, flaky)], lambda: Recorder(made, lambda: 0), per_turn=100
        )
        loop.run_until_complete(server.start_serving())
        client = socket.create_connection(("127.0.0.1", port))
        loop.run_until_complete(_until(lambda: len(made) == 1, loop))
        client.close()
        server.close()
        loop.run_until_complete(server.wait_closed())
    assert flaky.failed
    assert made == [0]
    assert "accepting a connection failed" in caplog.text
