"""HTTP/1.1 exchanges written byte by byte, so a hostile request reaches the server as is.

``http.client`` refuses bad methods, raw bytes in headers and lying lengths, and
``httpx`` normalises them; the corpus needs to send exactly those. Answers are read
with ``http.client.HTTPResponse`` (chunked bodies, lengths) from the same socket.
"""

from __future__ import annotations

import http.client
import select
import socket
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import orjson

HOST = "127.0.0.1"
PROBLEM_PREFIX = "https://briefings.dev/problems/"


@dataclass(frozen=True)
class Observed:
    """One answer (or its absence): ``status`` is None when the server closed or reset
    without answering, and ``error`` says how."""

    status: int | None
    seconds: float
    headers: dict[str, str] = field(default_factory=dict)  # names lower-cased
    body: bytes = b""
    error: str = ""

    @property
    def problem(self) -> str | None:
        """The problem type's last segment (``invalid-parameter``) of a problem answer."""
        if "problem+json" not in self.headers.get("content-type", ""):
            return None
        try:
            document = orjson.loads(self.body)
        except orjson.JSONDecodeError:
            return "(unreadable problem body)"
        kind = document.get("type", "") if isinstance(document, dict) else ""
        return str(kind).removeprefix(PROBLEM_PREFIX)

    def json(self) -> object:
        return orjson.loads(self.body)


def head(
    method: str | bytes,
    target: str | bytes,
    headers: Sequence[tuple[str | bytes, str | bytes]] = (),
    host: bytes = b"127.0.0.1",
) -> bytes:
    """A request head as bytes, closing after the answer; ``headers`` may hold raw bytes."""

    def raw(value: str | bytes) -> bytes:
        return value if isinstance(value, bytes) else value.encode("latin-1")

    lines = [raw(method) + b" " + raw(target) + b" HTTP/1.1", b"Host: " + host]
    lines += [raw(name) + b": " + raw(value) for name, value in headers]
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n"


def read_answer(sock: socket.socket, method: str, started: float) -> Observed:
    response = http.client.HTTPResponse(sock, method=method)
    try:
        response.begin()
        headers = {name.lower(): value for name, value in response.getheaders()}
        body = response.read()
    except (OSError, http.client.HTTPException) as error:
        return Observed(None, time.perf_counter() - started, error=_describe(error))
    finally:
        response.close()
    return Observed(response.status, time.perf_counter() - started, headers, body)


def exchange(port: int, request: bytes, timeout: float = 30.0, method: str = "GET") -> Observed:
    """Sends ``request`` whole on a new connection and reads one answer."""
    started = time.perf_counter()
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as sock:
            try:
                sock.sendall(request)
            except OSError as error:
                # Refused while sending (a limit): the answer may still be readable.
                answer = read_answer(sock, method, started)
                return answer if answer.status is not None else _failed(error, started)
            return read_answer(sock, method, started)
    except OSError as error:
        return _failed(error, started)


def get(port: int, target: str, headers: Sequence[tuple[str, str]] = ()) -> Observed:
    return exchange(port, head("GET", target, headers))


def flood(port: int, start: bytes, total_bytes: int, filler: bytes = b"a" * 2**20) -> Observed:
    """Sends ``start`` then up to ``total_bytes`` of ``filler`` (an endless header or body),
    stopping as soon as an answer can be read or the server cuts the connection; the
    seconds are counted from the first byte of filler."""
    sock = socket.create_connection((HOST, port), timeout=30)
    try:
        sock.sendall(start)
        started = time.perf_counter()
        sent = 0
        while sent < total_bytes:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            try:
                sock.sendall(filler)
            except OSError:
                break
            sent += len(filler)
        return read_answer(sock, "GET", started)
    finally:
        sock.close()


def _failed(error: BaseException, started: float) -> Observed:
    return Observed(None, time.perf_counter() - started, error=_describe(error))


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


class Client:
    """A keep-alive client, as a normal user's library is: one connection, reopened when
    the server has closed it between requests (idle timeout), which is counted."""

    def __init__(self, port: int, timeout: float = 30.0) -> None:
        self.port = port
        self.timeout = timeout
        self.reopened = 0
        self._connection: http.client.HTTPConnection | None = None

    def get(self, target: str, headers: Mapping[str, str] | None = None) -> Observed:
        for attempt in (1, 2):
            connection = self._connection or http.client.HTTPConnection(
                HOST, self.port, timeout=self.timeout
            )
            self._connection = connection
            started = time.perf_counter()
            try:
                connection.request("GET", target, headers=dict(headers or {}))
                response = connection.getresponse()
                body = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as e:
                self.close()
                # A connection the server closed while idle: once more on a new one.
                if attempt == 1:
                    self.reopened += 1
                    continue
                return _failed(e, started)
            except (OSError, http.client.HTTPException) as error:
                self.close()
                return _failed(error, started)
            seconds = time.perf_counter() - started
            found = {name.lower(): value for name, value in response.getheaders()}
            if response.will_close:
                self.close()
            return Observed(response.status, seconds, found, body)
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
