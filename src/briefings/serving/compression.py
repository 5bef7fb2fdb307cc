"""Content coding: gzip or Brotli as the client's ``Accept-Encoding`` allows.

A page of 50 statements is about 26 kB of JSON; the seeds' 18 kB page is 3.8 kB in
gzip. The compressors are the standard library's zlib and Google's Brotli bindings;
this module only chooses among them and keeps HTTP right around them, which no ready
middleware does (Starlette's GZipMiddleware reads no q-values and leaves the ETag of
the uncompressed bytes on the compressed ones, so a cache could hand one for the other):

- each coding has its own strong ETag, the identity one with the coding inside the
  quotes (``"3f...e1-gzip"``), and ``If-None-Match`` is answered per coding;
- every answer says ``Vary: Accept-Encoding``, compressed or not, so a shared cache
  keeps the codings apart;
- a body under ``MIN_BYTES`` is sent as is: a packet or two either way.

It sits behind the response cache, which keeps the compressed answer under the coding
negotiated here (``negotiated_coding``): a hot compressed page is replayed from memory
and costs no compression work.

Brotli rather than zstd: every browser decodes Brotli (Safari does not decode zstd),
and so do curl and httpx with the same package. At quality 5 it takes about what gzip
at level 6 takes (0.2 ms for the 18 kB page of the seeds' statements, measured on the
shared 2-core machine) and sends 3.6 kB where gzip sends 3.8 kB.
"""

import gzip
from collections.abc import Callable
from functools import lru_cache

import brotli
from starlette.types import ASGIApp, Message, Receive, Scope, Send

IDENTITY = "identity"
# Below this a body is sent as it is: the saving is smaller than a packet.
MIN_BYTES = 1024
GZIP_LEVEL = 6
BROTLI_QUALITY = 5
# The server's order of preference among codings a client rates alike.
PREFERENCE = {"br": 2, "gzip": 1, IDENTITY: 0}
ENCODERS: dict[str, Callable[[bytes], bytes]] = {
    # mtime=0: the same page gives the same bytes in every process, as a strong ETag says.
    "gzip": lambda body: gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0),
    "br": lambda body: brotli.compress(body, quality=BROTLI_QUALITY),
}
# Headers a 304 repeats from the 200 it stands for (RFC 9110 15.4.5, and CORS so that a
# browser script can read them); the request id and security headers come from the
# first step on every answer.
NOT_MODIFIED_HEADERS = frozenset(
    {
        b"etag",
        b"cache-control",
        b"vary",
        b"link",
        b"access-control-allow-origin",
        b"access-control-allow-credentials",
        b"access-control-expose-headers",
    }
)
# Accept-Encoding values worth remembering the choice for: the ones clients really send.
SHORT_ACCEPT_ENCODING = 256


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0


def _choose(accept_encoding: bytes) -> str:
    """The coding to answer in: the best rated one the server has, the server's preference
    among equals. Identity is acceptable unless refused (``identity;q=0``, or ``*;q=0``
    without naming it) and rated below any coding the client names; when nothing
    acceptable is left the answer is sent uncompressed anyway, as RFC 9110 12.5.3 allows,
    rather than refused."""
    rated: dict[str, float] = {}
    for item in accept_encoding.decode("latin-1").lower().split(","):
        name, _, params = item.partition(";")
        name = name.strip()
        if name == "x-gzip":
            name = "gzip"
        if name and name not in rated:
            rated[name] = _quality(params)
    star = rated.get("*")
    candidates = []
    for coding, preference in PREFERENCE.items():
        if coding in rated:
            quality = rated[coding]
        elif star is not None:
            quality = star
        else:
            quality = 0.001 if coding == IDENTITY else 0.0
        if quality > 0:
            candidates.append((quality, preference, coding))
    return max(candidates)[2] if candidates else IDENTITY


_choose_short = lru_cache(maxsize=64)(_choose)


def negotiated_coding(accept_encoding: bytes | None) -> str:
    if not accept_encoding:
        return IDENTITY
    if len(accept_encoding) <= SHORT_ACCEPT_ENCODING:
        return _choose_short(accept_encoding)
    return _choose(accept_encoding)


def compressible(content_type: bytes) -> bool:
    kind = content_type.split(b";", 1)[0].strip().lower()
    return kind.startswith(b"text/") or kind.endswith((b"json", b"ndjson", b"javascript"))


def with_vary(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """``Accept-Encoding`` added to the answer's Vary (one header, as the framework gives)."""
    out = []
    found = False
    for name, value in headers:
        if name == b"vary":
            found = True
            if b"accept-encoding" not in value.lower():
                value = value + b", Accept-Encoding" if value.strip() else b"Accept-Encoding"
        out.append((name, value))
    if not found:
        out.append((b"vary", b"Accept-Encoding"))
    return out


def coded_etag(etag: bytes, coding: str) -> bytes:
    """``"abc"`` as ``"abc-gzip"``: one strong validator per coding of the same page."""
    weak = etag.startswith(b"W/")
    tag = etag[2:] if weak else etag
    coded = tag[:-1] + b"-" + coding.encode() + b'"' if tag.endswith(b'"') else tag
    return (b"W/" if weak else b"") + coded


def uncoded_etag(etag: str) -> str:
    """``"abc-gzip"`` as ``"abc"``: the validator of the page whatever its coding, for a
    precondition on the record rather than on one of its representations."""
    for coding in ENCODERS:
        suffix = f'-{coding}"'
        if etag.endswith(suffix):
            return etag.removesuffix(suffix) + '"'
    return etag


def etag_matches(if_none_match: bytes, etag: bytes) -> bool:
    """Weak comparison, as If-None-Match uses (RFC 9110 13.1.2)."""
    own = etag.removeprefix(b"W/")
    tags = {tag.strip().removeprefix(b"W/") for tag in if_none_match.split(b",")}
    return b"*" in tags or own in tags


def not_modified(headers: list[tuple[bytes, bytes]]) -> list[Message]:
    kept = [(name, value) for name, value in headers if name in NOT_MODIFIED_HEADERS]
    return [
        {"type": "http.response.start", "status": 304, "headers": kept},
        {"type": "http.response.body", "body": b""},
    ]


def encode(start: Message, body: bytes, coding: str) -> tuple[list[tuple[bytes, bytes]], bytes]:
    """The answer's headers and body in ``coding`` where worth it, with Vary either way."""
    headers = with_vary(list(start.get("headers", [])))
    if start.get("status") != 200 or coding == IDENTITY or len(body) < MIN_BYTES:
        return headers, body
    content_type = next((v for n, v in headers if n == b"content-type"), b"")
    if not compressible(content_type) or any(n == b"content-encoding" for n, _ in headers):
        return headers, body
    coded = ENCODERS[coding](body)
    out: list[tuple[bytes, bytes]] = []
    for name, value in headers:
        if name == b"content-length":
            value = str(len(coded)).encode()
        elif name == b"etag":
            value = coded_etag(value, coding)
        out.append((name, value))
    out.append((b"content-encoding", coding.encode()))
    return out, coded


class Compression:
    """Answers in the negotiated coding. With a coding other than identity the handler
    is not shown ``If-None-Match`` (its ETag is the identity one); the validator of what
    is sent is compared here instead, and a match is a 304."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Reads only: a write's If-None-Match (``*``, to create) is its precondition, and
        # what a write answers is small.
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        accept_encoding = None
        if_none_match = None
        for name, value in scope["headers"]:
            if name == b"accept-encoding":
                accept_encoding = value
            elif name == b"if-none-match":
                if_none_match = value
        coding = negotiated_coding(accept_encoding)
        if coding != IDENTITY and if_none_match is not None:
            headers = [(n, v) for n, v in scope["headers"] if n != b"if-none-match"]
            scope = {**scope, "headers": headers}
        else:
            if_none_match = None
        await self.app(scope, receive, _coding(send, coding, if_none_match))


def _coding(send: Send, coding: str, if_none_match: bytes | None) -> Send:
    held: list[Message] = []

    async def coded(message: Message) -> None:
        if message["type"] == "http.response.start":
            held.append(message)
            return
        if message["type"] != "http.response.body" or not held:
            await send(message)
            return
        start = held.pop()
        if message.get("more_body", False):
            # A streamed answer goes as it comes, uncompressed.
            await send({**start, "headers": with_vary(list(start.get("headers", [])))})
            await send(message)
            return
        headers, body = encode(start, message.get("body", b""), coding)
        etag = next((v for n, v in headers if n == b"etag"), None)
        if (
            if_none_match is not None
            and etag is not None
            and start.get("status") == 200
            and etag_matches(if_none_match, etag)
        ):
            for reply in not_modified(headers):
                await send(reply)
            return
        await send({**start, "headers": headers})
        await send({**message, "body": body})

    return coded
