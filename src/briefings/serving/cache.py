"""The response cache: answers served from memory until the data changes.

Briefing data is read far more often than it changes, and clients repeat the same
requests. A GET answer is kept with the data revision it was read at and served again,
byte for byte (so with the same strong ETag), until the revision moves; then the whole
cache is dropped. The edge asks it before the framework (``serving/edge.py``), so that a
repeated read costs little more than the server's own HTTP handling. Compression sits
behind it, so a compressed answer is kept compressed, under the coding negotiated for it,
and a repeated compressed read costs no compression either.

A handler reports the revision of the snapshot its rows came from in the request's
state (``revision``); an answer is kept only when that is the revision current when it
completes, so a commit landing while it was built never leaves an answer of the other
revision behind. An answer that reports no revision (documentation, health) is not kept.
"""

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from starlette.requests import Request
from starlette.types import Message, Scope, Send

from briefings.errors import ProblemError
from briefings.explorer.language import variant
from briefings.explorer.paths import is_page
from briefings.kit.formats import negotiate
from briefings.revision import UNKNOWN
from briefings.serving.compression import (
    NOT_MODIFIED_HEADERS,
    etag_matches,
    negotiated_coding,
)
from briefings.serving.freshness import RevisionClock
from briefings.serving.headers import Headers

# A kept answer is found by path, query string, and what the request decided of its
# representation: the format negotiated from Accept (for an explorer page, whether it
# asked for HTML and the language it gets), the CORS answer to its Origin, the content
# coding negotiated from Accept-Encoding and the path prefix its links carry.
# Never the raw header bytes: each distinct 100 kB Accept would be a new 100 kB key.
Key = tuple[str, bytes, str, bytes, str, str]
# Python's own overhead for an entry, its key, its headers and its place in the ordered
# dict, rounded up from tracemalloc (10,000 answers of 240 bytes with five headers held
# 650 bytes each; these count 1,440): many small answers cannot outgrow the setting.
ENTRY_OVERHEAD = 600
HEADER_OVERHEAD = 120
# An entry's ``sent`` list: its headers again, as pointers, and the edge's few.
SENT_OVERHEAD = 400
# Accept values worth remembering the negotiation of: the ones clients really send.
SHORT_ACCEPT = 256
# The request headers that decide a kept answer, or its 304.
ASKED = frozenset({b"accept", b"accept-encoding", b"origin", b"accept-language", b"if-none-match"})
# A request's facts as sent (path, query, prefix, Accept, Accept-Encoding, Origin,
# Accept-Language) and the key they negotiate to are remembered for the requests that
# repeat them: negotiating cost a replay more than finding its answer. Only short facts
# are remembered, at most MEMO_ENTRIES of them and an eighth of the cache's bytes (then
# all are forgotten at once), and their bytes count against the cache's size like its
# answers: at most 2.4 MB, whatever the requests.
Facts = tuple[str, bytes, str, bytes, bytes | None, bytes | None, bytes | None]
MEMO_ENTRIES = 1024
MEMO_ENTRY_BYTES = 2048
MEMO_OVERHEAD = 400


@dataclass(frozen=True)
class Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes
    size: int
    # The 304 answer to a request whose If-None-Match names this entry's ETag, made when
    # the entry is kept: a revalidation is sent as a replay is, with nothing built for it.
    not_modified: "Entry | None" = None
    # ``headers`` and the edge's own headers for the path (the security headers), made
    # when the entry is kept: a replay adds only what is the request's own (its id, its
    # rate limit), not a list built again per request.
    sent: Headers = field(default_factory=list)


def head_size(headers: list[tuple[bytes, bytes]]) -> int:
    return sum(len(name) + len(value) + HEADER_OVERHEAD for name, value in headers)


def entry_size(key: Key, headers: list[tuple[bytes, bytes]], body: bytes) -> int:
    return ENTRY_OVERHEAD + sum(len(part) for part in key) + head_size(headers) + len(body)


def _negotiated(accept: bytes) -> str | None:
    """The format the kit would answer, or None where it answers 406 (not kept)."""
    request = Request({"type": "http", "headers": [(b"accept", accept)]})
    try:
        return negotiate(request, None)
    except ProblemError:
        return None


_negotiated_short = lru_cache(maxsize=64)(_negotiated)


def negotiated_format(accept: bytes) -> str | None:
    return _negotiated_short(accept) if len(accept) <= SHORT_ACCEPT else _negotiated(accept)


class CorsDecision:
    """What CORSMiddleware answers an Origin with, as a small key part: nothing without an
    Origin, ``*`` when every origin is allowed, the origin itself when it is one of the
    configured ones (a finite set), ``-`` when it is refused."""

    def __init__(self, origins: Sequence[str]) -> None:
        self.enabled = bool(origins)
        self.any = "*" in origins
        self.allowed = {origin.encode("latin-1") for origin in origins}

    def __call__(self, origin: bytes | None) -> bytes:
        if not self.enabled or origin is None:
            return b""
        if self.any:
            return b"*"
        return origin if origin in self.allowed else b"-"


class ResponseCache:
    def __init__(
        self,
        clock: RevisionClock | None,
        max_bytes: int,
        cors_origins: Sequence[str] = (),
        edge_headers: Callable[[str], Headers] = lambda _: [],
    ) -> None:
        self.clock = clock
        self.edge_headers = edge_headers
        self.max_bytes = max_bytes
        self.cors = CorsDecision(cors_origins)
        self.entries: OrderedDict[Key, Entry] = OrderedDict()
        self.memo: dict[Facts, Key] = {}
        self.memo_size = 0
        self.size = 0
        self.revision = UNKNOWN

    def clear(self) -> None:
        """Forgets every answer and the revision they were read at: the data may be
        another file's, whose revision numbers say nothing about these."""
        self.entries.clear()
        self.size = self.memo_size
        self.revision = UNKNOWN

    def find(self, scope: Scope) -> Entry | Key | None:
        """The answer kept for this request (its 304 when ``If-None-Match`` names the kept
        ETag); else the key to keep its answer under; None when it is not to be kept (not
        a GET, a revision unknown, a format refused). The edge sends an entry as it is,
        with its own headers added."""
        if scope["method"] != "GET" or self.clock is None or self.max_bytes <= 0:
            return None
        revision = self.clock.current()
        if revision != self.revision:
            self.clear()
            self.revision = revision
        if revision == UNKNOWN:
            return None
        accept = b""
        origin = accept_encoding = accept_language = if_none_match = None
        for name, value in scope["headers"]:
            if name in ASKED:
                if name == b"accept":
                    accept = value
                elif name == b"accept-encoding":
                    accept_encoding = value
                elif name == b"origin":
                    origin = value
                elif name == b"accept-language":
                    accept_language = value
                else:
                    if_none_match = value
        path = scope["path"]
        facts = (
            path,
            scope["query_string"],
            scope.get("root_path", ""),
            accept,
            accept_encoding,
            origin,
            accept_language,
        )
        key = self.memo.get(facts)
        if key is None:
            key = self._negotiate(facts)
            if key is None:
                return None
        entry = self.entries.get(key)
        if entry is None:
            return key
        self.entries.move_to_end(key)
        if if_none_match is not None and etag_matches(if_none_match, entry.etag):
            return entry.not_modified
        return entry

    def _negotiate(self, facts: Facts) -> Key | None:
        """The key a request's facts decide, remembered when they are short."""
        path, query, root_path, accept, accept_encoding, origin, accept_language = facts
        fmt = (
            variant(accept, accept_language or b"") if is_page(path) else negotiated_format(accept)
        )
        if fmt is None:
            return None
        key = (path, query, fmt, self.cors(origin), negotiated_coding(accept_encoding), root_path)
        size = MEMO_OVERHEAD + sum(len(part) for part in facts if part)
        if size <= MEMO_ENTRY_BYTES:
            if len(self.memo) >= MEMO_ENTRIES or self.memo_size + size > self.max_bytes // 8:
                self.size -= self.memo_size
                self.memo.clear()
                self.memo_size = 0
            self.memo[facts] = key
            self.memo_size += size
            self.size += size
        return key

    def recording(self, send: Send, key: Key, state: dict[str, object]) -> Send:
        """``send``, keeping the answer under ``key`` once its last byte has gone."""
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
        body = bytes(memoryview(body))
        kept = [(name, value) for name, value in headers if name in NOT_MODIFIED_HEADERS]
        edge = self.edge_headers(key[0])
        # The sent lists share their header tuples with ``headers``: a pointer each.
        small = ENTRY_OVERHEAD + head_size(kept) + SENT_OVERHEAD
        not_modified = Entry(304, kept, b"", etag, small, None, kept + edge)
        size = entry_size(key, headers, body) + SENT_OVERHEAD + not_modified.size
        entry = Entry(200, headers, body, etag, size, not_modified, headers + edge)
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
