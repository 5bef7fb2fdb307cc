"""The server's event loop: uvloop, except that every waiting connection is accepted at once.

Since libuv 1.45 (libuv/libuv#3696) uvloop accepts one connection per turn of the loop and
counts on the next turn for the next one. A turn of this server answers every request that
is ready, so when 32 clients connect together to a busy server the last one waits 31 turns,
each longer than the one before (it has one more connection to answer): about 300 ms at
100k statements, which was the p99 of the benchmark's cold pages. asyncio's own loop
accepts up to ``backlog`` connections a turn; this one does the same, then hands each
socket to uvloop, which serves it as it serves any other.

That is for a socket this process listens on alone. With ``--workers N`` the processes
share one socket, and a process taking every waiting connection would often take all of
them: wrk's 32 connections then all landed on one worker, which scaled cold pages by
1.03x instead of 1.7x. On a shared socket each process takes one connection a turn, as
nginx does without ``multi_accept``, so the others get their share.

``briefings serve`` gives uvicorn ``loop="briefings.serving.accept:new_event_loop"``. Where
uvloop is not installed, asyncio's loop already accepts this way and is used as it is.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import socket
from collections.abc import Callable, Sequence
from typing import Any

logger = logging.getLogger(__name__)

# How long to stop accepting after a failed accept (out of file descriptors), as asyncio.
ACCEPT_RETRY_SECONDS = 1.0


class BulkAcceptServer(asyncio.AbstractServer):
    """Listening sockets read by the loop's reader callbacks, each turn taking up to
    ``per_turn`` of the connections that are waiting."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        sockets: Sequence[socket.socket],
        protocol_factory: Callable[[], asyncio.BaseProtocol],
        per_turn: int,
    ) -> None:
        self._loop = loop
        self._sockets = list(sockets)
        self._factory = protocol_factory
        self._per_turn = max(1, per_turn)
        self._serving = False
        self._closed = asyncio.Event()
        # Tasks handing accepted sockets to the loop: kept so they are not collected.
        self._handing: set[asyncio.Task[Any]] = set()

    @property
    def sockets(self) -> tuple[socket.socket, ...]:
        return tuple(self._sockets)

    def get_loop(self) -> asyncio.AbstractEventLoop:
        return self._loop

    def is_serving(self) -> bool:
        return self._serving

    async def start_serving(self) -> None:
        self._start()

    def _start(self) -> None:
        if self._serving or self._closed.is_set():
            return
        self._serving = True
        for sock in self._sockets:
            self._loop.add_reader(sock.fileno(), self._accept, sock)

    def _accept(self, sock: socket.socket) -> None:
        for _ in range(self._per_turn):
            try:
                connection, _address = sock.accept()
            except (BlockingIOError, InterruptedError):
                return
            except ConnectionAbortedError:
                continue  # the client gave up before we took it
            except OSError as error:
                # Out of descriptors, say: stop listening for a while rather than spin on
                # a socket that stays readable.
                logger.error("accepting a connection failed (%s); retrying in 1 s", error)
                self._loop.remove_reader(sock.fileno())
                self._loop.call_later(ACCEPT_RETRY_SECONDS, self._resume, sock)
                return
            connection.setblocking(False)
            if connection.family in (socket.AF_INET, socket.AF_INET6):
                connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            task = self._loop.create_task(self._hand_over(connection))
            self._handing.add(task)
            task.add_done_callback(self._handing.discard)

    def _resume(self, sock: socket.socket) -> None:
        if self._serving:
            self._loop.add_reader(sock.fileno(), self._accept, sock)

    async def _hand_over(self, connection: socket.socket) -> None:
        try:
            await self._loop.connect_accepted_socket(self._factory, connection)
        except OSError as error:
            # The client went away between accept and the first read: nothing to answer.
            logger.debug("an accepted connection closed before it was served: %s", error)
            connection.close()

    def close(self) -> None:
        if self._closed.is_set():
            return
        self._serving = False
        for sock in self._sockets:
            self._loop.remove_reader(sock.fileno())
            sock.close()
        self._closed.set()

    async def wait_closed(self) -> None:
        await self._closed.wait()

    async def serve_forever(self) -> None:
        self._start()
        await self._closed.wait()

    async def __aenter__(self) -> BulkAcceptServer:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.close()
        await self.wait_closed()


def listen(host: str | None, port: int, backlog: int) -> list[socket.socket]:
    """Listening sockets for every address of ``host``, set up as asyncio sets them up."""
    infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    sockets: list[socket.socket] = []
    try:
        for family, kind, proto, _name, address in dict.fromkeys(infos):
            sock = socket.socket(family, kind, proto)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind(address)
            sock.listen(backlog)
            sock.setblocking(False)
    except OSError:
        for sock in sockets:
            sock.close()
        raise
    return sockets


# uvloop comes with uvicorn[standard] everywhere but Windows.
UVLOOP = importlib.util.find_spec("uvloop") is not None

if UVLOOP:
    import uvloop

    class Loop(uvloop.Loop):
        async def create_server(  # type: ignore[override]
            self,
            protocol_factory: Callable[[], asyncio.BaseProtocol],
            host: str | None = None,
            port: int | None = None,
            *,
            sock: socket.socket | None = None,
            backlog: int = 100,
            ssl: Any = None,
            **options: Any,
        ) -> asyncio.AbstractServer:
            if ssl is not None or options:
                # TLS and other options stay with uvloop: its one-a-turn accept is the
                # lesser concern behind a TLS handshake.
                uv_create: Callable[..., Any] = super().create_server
                server: asyncio.AbstractServer = await uv_create(
                    protocol_factory, host, port, sock=sock, backlog=backlog, ssl=ssl, **options
                )
                return server
            if sock is not None:
                # uvicorn binds the socket it shares between workers; listening is ours,
                # and so is leaving the other workers their share (see the module).
                sock.listen(backlog)
                sock.setblocking(False)
                sockets, per_turn = [sock], 1
            else:
                sockets, per_turn = listen(host, port or 0, backlog), backlog
            bulk = BulkAcceptServer(self, sockets, protocol_factory, per_turn)
            bulk._start()
            return bulk


def new_event_loop() -> asyncio.AbstractEventLoop:
    """The loop uvicorn runs (``loop="briefings.serving.accept:new_event_loop"``)."""
    if not UVLOOP:  # pragma: no cover
        return asyncio.new_event_loop()
    loop: asyncio.AbstractEventLoop = Loop()
    return loop
