"""Protocol limits: what a client may send and how long it may take, enforced as bytes arrive.

uvicorn's httptools protocol has no limit on the request line or the headers (httptools
buffers a header until its end: one 100 MB header held every client for 43 s), starts no
timer before a connection's first request (a silent or slowloris connection stays open
forever), and answers its concurrency limit in plain text. This protocol is uvicorn's,
with the bytes of a request head counted as they are received, a deadline for the whole
head, a cap on open connections, and a declared body size checked before any is read.
Each refusal is a problem answer, then the connection closes: what follows on it cannot
be trusted to be a request boundary.

``briefings serve`` hands uvicorn ``http="briefings.serving.limits:LimitedHttpProtocol"``.
"""

import asyncio
import re
import resource
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import httptools
import orjson
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from briefings.config import get_settings
from briefings.errors import PROBLEM_BASE, PROBLEM_MEDIA_TYPE


@dataclass(frozen=True)
class Limits:
    url_bytes: int
    head_bytes: int
    head_seconds: float
    body_bytes: int
    connections: int


# Descriptors kept for what is not a client connection: listening sockets, the database,
# logs, the event loop's own.
SPARE_DESCRIPTORS = 64
LINGER_SECONDS = 1.0


@lru_cache
def limits() -> Limits:
    settings = get_settings()
    # Past the process's descriptor limit accept() fails and the server stops answering
    # anyone; the connection limit stays below it whatever the setting says.
    descriptors, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    connections = settings.max_connections
    if descriptors != resource.RLIM_INFINITY:
        connections = max(1, min(connections, descriptors - SPARE_DESCRIPTORS))
    return Limits(
        settings.max_url_bytes,
        settings.max_header_bytes,
        settings.header_timeout_seconds,
        settings.max_body_bytes,
        connections,
    )


@dataclass(frozen=True)
class RefusalError(Exception):
    status: int
    slug: str
    title: str
    detail: str


def problem_bytes(refusal: RefusalError) -> bytes:
    """A whole HTTP/1.1 answer that closes the connection, for a request that never reached
    the application (so it has no request id)."""
    body = orjson.dumps(
        {
            "type": PROBLEM_BASE + refusal.slug,
            "title": refusal.title,
            "status": refusal.status,
            "detail": refusal.detail,
        }
    )
    head = (
        f"HTTP/1.1 {refusal.status} {refusal.title}\r\n"
        f"content-type: {PROBLEM_MEDIA_TYPE}\r\n"
        f"content-length: {len(body)}\r\n"
        "x-content-type-options: nosniff\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


def url_too_long(limit: int) -> RefusalError:
    return RefusalError(414, "uri-too-long", "URI Too Long", f"the URL is over {limit} bytes")


def head_too_large(limit: int) -> RefusalError:
    return RefusalError(
        431,
        "request-header-fields-too-large",
        "Request Header Fields Too Large",
        f"the request line and headers are over {limit} bytes",
    )


def body_too_large(limit: int) -> RefusalError:
    return RefusalError(
        413, "content-too-large", "Content Too Large", f"the request body is over {limit} bytes"
    )


def head_timeout(seconds: float) -> RefusalError:
    return RefusalError(
        408,
        "request-timeout",
        "Request Timeout",
        f"the request line and headers did not arrive within {seconds:g} s",
    )


# RFC 9110's token: what a method may be made of.
TOKEN = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}")


def not_implemented(method: bytes) -> RefusalError:
    return RefusalError(
        501,
        "not-implemented",
        "Not Implemented",
        f"this server knows no method {method.decode('ascii')}; it answers GET and HEAD",
    )


def too_many_connections(limit: int) -> RefusalError:
    return RefusalError(
        503,
        "too-many-connections",
        "Service Unavailable",
        f"the server holds its limit of {limit} connections; retry shortly",
    )


class LimitedHttpProtocol(HttpToolsProtocol):
    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.limits = limits()
        # Bytes received since the current request head began, None once it is complete:
        # they bound how long and how much a head may take before it is parsed.
        self.head_received: int | None = 0
        self.head_timer: asyncio.TimerHandle | None = None
        self.body_received = 0
        self.refused = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.limits.connections:
            self.refuse(too_many_connections(self.limits.connections))
            return
        # A connection that never sends a byte is a request head that never completes.
        self.arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self.cancel_head_timer()
        super().connection_lost(exc)

    def arm_head_timer(self) -> None:
        if self.head_timer is None:
            self.head_timer = self.loop.call_later(self.limits.head_seconds, self.head_expired)

    def cancel_head_timer(self) -> None:
        if self.head_timer is not None:
            self.head_timer.cancel()
            self.head_timer = None

    def head_expired(self) -> None:
        self.head_timer = None
        if self.head_received is not None and not self.transport.is_closing():
            self.refuse(head_timeout(self.limits.head_seconds))

    def refuse(self, refusal: RefusalError) -> None:
        self.cancel_head_timer()
        self.logger.warning("refused a request: %s", refusal.detail)
        if self.refused or self.transport.is_closing():
            return
        self.refused = True
        self.transport.write(problem_bytes(refusal))
        # A close with the client's bytes unread would reset the connection and destroy
        # the answer before the client reads it: the server stops sending, reads and drops
        # what still comes for a moment, then closes (nginx's lingering close).
        if self.transport.can_write_eof():
            self.transport.write_eof()
            self.loop.call_later(LINGER_SECONDS, self.transport.close)
        else:
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        if self.refused or self.transport.is_closing():
            return
        if self.head_received is not None:
            self.head_received += len(data)
            self.arm_head_timer()
        self._unset_keepalive_if_required()
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserCallbackError as error:
            # A refusal raised in a parser callback stops the parser where it stands.
            if isinstance(error.__context__, RefusalError):
                self.refuse(error.__context__)
            else:
                self.send_400_response("Invalid HTTP request received.")
            return
        except httptools.HttpParserInvalidMethodError:
            # A well-formed method the parser does not know is the server's lack (501,
            # RFC 9110 15.6.2), not the client's mistake; anything else there is a 400.
            method = data.split(b" ", 1)[0]
            if self.head_received == len(data) and TOKEN.fullmatch(method):
                self.refuse(not_implemented(method))
            else:
                self.send_400_response("Invalid HTTP request received.")
            return
        except httptools.HttpParserError:
            self.send_400_response("Invalid HTTP request received.")
            return
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
        # What arrived was parsed but the head is still incomplete: past the limit it is
        # refused now, before the parser buffers any more of it.
        if self.head_received is not None and self.head_received > self.limits.head_bytes:
            if len(getattr(self, "url", b"")) > self.limits.url_bytes:
                self.refuse(url_too_long(self.limits.url_bytes))
            else:
                self.refuse(head_too_large(self.limits.head_bytes))

    def send_400_response(self, msg: str) -> None:
        # uvicorn answers a request it cannot parse in plain text; this API answers problems.
        self.refuse(
            RefusalError(400, "bad-request", "Bad Request", "the request is not valid HTTP/1.1")
        )

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.body_received = 0
        if self.head_received is None:
            self.head_received = 0
            self.arm_head_timer()

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > self.limits.url_bytes:
            raise url_too_long(self.limits.url_bytes)

    def on_headers_complete(self) -> None:
        # The head as parsed, not the bytes received: a body that came in the same read
        # as its head (any POST of more than a few kilobytes) is not part of it.
        head = len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers)
        if head > self.limits.head_bytes:
            raise head_too_large(self.limits.head_bytes)
        length = self.parser_content_length()
        if length is not None and length > self.limits.body_bytes:
            raise body_too_large(self.limits.body_bytes)
        self.head_received = None
        self.cancel_head_timer()
        super().on_headers_complete()

    def parser_content_length(self) -> int | None:
        for name, value in self.headers:
            if name == b"content-length" and value.isdigit():
                return int(value)
        return None

    def on_body(self, body: bytes) -> None:
        # A chunked body declares no length: it is counted as it comes.
        self.body_received += len(body)
        if self.body_received > self.limits.body_bytes:
            if self.cycle is not None and not self.cycle.response_started:
                raise body_too_large(self.limits.body_bytes)
            self.transport.close()
            return
        super().on_body(body)
