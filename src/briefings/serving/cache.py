"""The response cache: answers served from memory until the data changes.

Briefing data is read far more often than it changes, and clients repeat the same
requests. A GET answer is kept with the data revision it was read at and served again,
byte for byte (so with the same strong ETag), until the revision moves; then the whole
cache is dropped. This runs as plain ASGI in front of the framework so that a repeated
read costs little more than the server's own HTTP handling.

A handler reports the revision of the snapshot its rows came from in the request's
state (``revision``); an answer is kept only when that is the revision current when it
completes, so a commit landing while it was built never leaves an answer of the other
revision behind. An answer that reports no revision (documentation, health) is not kept.
"""

from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from briefings.kit.http import etag_matches
from briefings.revision import UNKNOWN
from briefings.serving.freshness import RevisionClock

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


class ResponseCache:
    def __init__(self, app: ASGIApp, clock: RevisionClock | None, max_bytes: int) -> None:
        self.app = app
        self.clock = clock
        self.max_bytes = max_bytes
        self.entries: OrderedDict[Key, Entry] = OrderedDict()
        self.size = 0
        self.revision = UNKNOWN

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or self.clock is None
            or self.max_bytes <= 0
        ):
            await self.app(scope, receive, send)
            return
        revision = self.clock.current()
        if revision != self.revision:
            self.entries.clear()
            self.size = 0
            self.revision = revision
        if revision == UNKNOWN:
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        key = (
            scope["path"],
            scope["query_string"],
            headers.get(b"accept", b""),
            headers.get(b"origin", b""),
        )
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
            await self._replay(entry, headers.get(b"if-none-match"), send)
            return
        state = scope.setdefault("state", {})
        await self.app(scope, receive, self._recording(send, key, state))

    def _recording(self, send: Send, key: Key, state: dict[str, object]) -> Send:
        start: Message = {}
        chunks: list[bytes] = []

        async def recorded(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self._store(key, state.get("revision"), start, b"".join(chunks))
            await send(message)

        return recorded

    def _store(self, key: Key, revision: object, start: Message, body: bytes) -> None:
        # Only complete 200 answers read at the revision still current are kept; a 304
        # or an error is cheap to recompute and must not be replayed to others.
        if start.get("status") != 200 or revision == UNKNOWN or revision != self.revision:
            return
        headers = list(start.get("headers", []))
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

    async def _replay(self, entry: Entry, if_none_match: bytes | None, send: Send) -> None:
        if if_none_match and etag_matches(
            if_none_match.decode("latin-1"), entry.etag.decode("latin-1")
        ):
            headers = [(n, v) for n, v in entry.headers if n in _NOT_MODIFIED_HEADERS]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        await send(
            {"type": "http.response.start", "status": entry.status, "headers": entry.headers}
        )
        await send({"type": "http.response.body", "body": entry.body})
