"""The edge of the application: request ids, and answers served from memory.

Briefing data is read far more often than it changes, and clients repeat the same
requests. A GET answer is kept with the data revision it was built at and served again,
byte for byte (so with the same strong ETag), until the revision moves; then the whole
cache is dropped. This runs as plain ASGI in front of the framework so that a repeated
read costs little more than the server's own HTTP handling.
"""

import itertools
import os
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from briefings.kit.http import etag_matches
from briefings.kit.lane import Lane
from briefings.revision import UNKNOWN
from briefings.serving.freshness import RevisionClock

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# A kept answer is found by path, query string, and the headers that make two requests
# for the same URL want different answers: Accept and Origin.
Key = tuple[str, bytes, bytes, bytes]
_NOT_MODIFIED_HEADERS = {b"etag", b"cache-control", b"vary", b"access-control-allow-origin"}


@dataclass(frozen=True)
class Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes

    @property
    def size(self) -> int:
        return len(self.body) + 64 * len(self.headers) + 256


class Edge:
    def __init__(
        self,
        app: ASGIApp,
        clock: RevisionClock | None,
        max_bytes: int,
        lane: Lane | None = None,
    ) -> None:
        self.app = app
        self.lane = lane
        self.clock = clock
        self.max_bytes = max_bytes
        self.entries: OrderedDict[Key, Entry] = OrderedDict()
        self.size = 0
        self.revision = UNKNOWN
        # Cheap unique request ids: a per-process prefix and a counter.
        self.prefix = os.urandom(6).hex()
        self.counter = itertools.count(1)

    def _request_id(self, headers: dict[bytes, bytes]) -> bytes:
        given = headers.get(b"x-request-id")
        if given and len(given) <= 128:
            return given
        return f"{self.prefix}{next(self.counter):010x}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        request_id = self._request_id(headers)
        state = scope.setdefault("state", {})
        state["request_id"] = request_id.decode("latin-1")
        if self.clock is None or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, self._tagging(send, request_id))
            return
        revision = self.clock.current()
        # The framework reuses the number rather than asking the database again.
        state["revision"] = revision
        if revision != self.revision:
            self.entries.clear()
            self.size = 0
            self.revision = revision
        if self.max_bytes <= 0 or scope["method"] != "GET":
            await self._forward(scope, receive, self._tagging(send, request_id))
            return
        key = (
            scope["path"],
            scope["query_string"],
            headers.get(b"accept", b""),
            headers.get(b"origin", b""),
        )
        entry = self.entries.get(key) if revision != UNKNOWN else None
        if entry is not None:
            self.entries.move_to_end(key)
            await self._replay(entry, headers.get(b"if-none-match"), request_id, send)
            return
        await self._forward(scope, receive, self._recording(send, request_id, key, revision))

    async def _forward(self, scope: Scope, receive: Receive, send: Send) -> None:
        lane = self.lane
        answer = lane.answer(scope) if lane is not None else None
        if lane is not None and answer is not None:
            await lane.serve(answer, scope, receive, send)
        else:
            await self.app(scope, receive, send)

    def _tagging(self, send: Send, request_id: bytes) -> Send:
        async def tagged(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id)]
            await send(message)

        return tagged

    def _recording(self, send: Send, request_id: bytes, key: Key, revision: int) -> Send:
        start: Message = {}
        chunks: list[bytes] = []

        async def recorded(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id)]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self._store(key, revision, start, b"".join(chunks))
            await send(message)

        return recorded

    def _store(self, key: Key, revision: int, start: Message, body: bytes) -> None:
        # Only complete 200 answers built at the revision still current are kept; a
        # 304 or an error is cheap to recompute and must not be replayed to others.
        if start.get("status") != 200 or revision == UNKNOWN or revision != self.revision:
            return
        headers = [
            (name, value) for name, value in start.get("headers", []) if name != b"x-request-id"
        ]
        etag = next((value for name, value in headers if name == b"etag"), b"")
        if not etag:
            return
        # An exact-size copy: the framework's buffer may carry spare capacity.
        entry = Entry(200, headers, bytes(memoryview(body)), etag)
        if entry.size > self.max_bytes // 4:
            return
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= old.size
        self.entries[key] = entry
        self.size += entry.size
        while self.size > self.max_bytes and self.entries:
            _, evicted = self.entries.popitem(last=False)
            self.size -= evicted.size

    async def _replay(
        self, entry: Entry, if_none_match: bytes | None, request_id: bytes, send: Send
    ) -> None:
        if if_none_match and etag_matches(
            if_none_match.decode("latin-1"), entry.etag.decode("latin-1")
        ):
            headers = [(n, v) for n, v in entry.headers if n in _NOT_MODIFIED_HEADERS]
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": [*headers, (b"x-request-id", request_id)],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await send(
            {
                "type": "http.response.start",
                "status": entry.status,
                "headers": [*entry.headers, (b"x-request-id", request_id)],
            }
        )
        await send({"type": "http.response.body", "body": entry.body})
