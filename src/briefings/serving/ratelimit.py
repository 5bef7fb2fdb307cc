"""Rate limits per client, counted in front of the response cache so replayed answers count.

The counting is the ``limits`` library's (the one slowapi uses): a fixed window per limit
and client in its memory storage. A key lives for its window and is dropped when it expires, so the
memory held grows with the clients seen in the last window, not with every client ever
seen. Each process counts alone: with ``--workers N`` a client may get N times the limit
(see the README; the library's Redis storage would share the counts).

Every answer carries the limits in the syntax of the IETF draft "RateLimit header fields
for HTTP" (draft-ietf-httpapi-ratelimit-headers-08 and later)::

    RateLimit-Policy: "6000 per 1 minute";q=6000;w=60
    RateLimit: "6000 per 1 minute";r=5999;t=42
"""

import math
import time
from collections.abc import Iterable, Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

import orjson
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from briefings.errors import PROBLEM_BASE, PROBLEM_MEDIA_TYPE

Network = IPv4Network | IPv6Network
# Probes and the scraper must never be turned away by the limit they help to watch.
EXEMPT = frozenset({"/healthz", "/readyz", "/metrics"})
# The storage keys of the clients seen lately, kept so as not to build them per request.
KEPT_KEYS = 10_000


def parse_limits(text: str) -> list[RateLimitItem]:
    """``6000/minute;500/5 seconds`` as limits items; an empty text is no limit."""
    return parse_many(text) if text.strip() else []


def _address(text: str) -> IPv4Address | IPv6Address | None:
    text = text.strip().strip('"')
    if text.startswith("["):  # Forwarded writes an IPv6 address as "[2001:db8::1]:port"
        text = text[1 : text.find("]")]
    elif text.count(":") == 1:  # an IPv4 address with a port
        text = text.split(":")[0]
    try:
        return ip_address(text)
    except ValueError:
        return None


def _forwarded_for(headers: Iterable[tuple[bytes, bytes]]) -> list[str]:
    """The addresses a chain of proxies appended, nearest last (``X-Forwarded-For`` or
    ``Forwarded``'s ``for=``)."""
    chain: list[str] = []
    for name, value in headers:
        if name == b"x-forwarded-for":
            chain += value.decode("latin-1").split(",")
        elif name == b"forwarded":
            for element in value.decode("latin-1").replace(",", ";").split(";"):
                key, _, given = element.strip().partition("=")
                if key.lower() == "for":
                    chain.append(given)
    return chain


def client_address(scope: Scope, trusted: Sequence[Network]) -> str:
    """The peer's address; behind a trusted proxy, the nearest forwarded address that is
    not itself a trusted proxy. Anything to its left was written by the client and could
    be anything, so it is never believed."""
    peer = scope.get("client")
    address = peer[0] if peer else "unknown"
    if not trusted:
        return str(address)
    current = _address(str(address))
    if current is None or not any(current in network for network in trusted):
        return str(address)
    for given in reversed(_forwarded_for(scope["headers"])):
        forwarded = _address(given)
        if forwarded is None:
            break
        current = forwarded
        if not any(forwarded in network for network in trusted):
            break
    return str(current)


class RateLimit:
    """Counts each request against every limit for its client; over any of them, a 429
    problem with ``Retry-After``. The client is left in the request's state (``client``)
    for the logs."""

    def __init__(
        self,
        app: ASGIApp,
        limits: Sequence[RateLimitItem],
        trusted: Sequence[Network] = (),
        cors_origins: Sequence[str] = (),
    ) -> None:
        self.app = app
        self.limits = list(limits)
        self.trusted = list(trusted)
        self.cors_origins = set(cors_origins)
        self.storage = MemoryStorage()
        self.plan = [(f'"{limit}"'.encode(), limit, limit.get_expiry()) for limit in limits]
        self.keys: dict[str, list[str]] = {}
        self.policy = b", ".join(
            b"%s;q=%d;w=%d" % (name, limit.amount, expiry) for name, limit, expiry in self.plan
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = client_address(scope, self.trusted)
        scope.setdefault("state", {})["client"] = client
        if not self.limits or scope["path"] in EXEMPT:
            await self.app(scope, receive, send)
            return
        now = time.time()
        items: list[bytes] = []
        exhausted: list[tuple[RateLimitItem, int]] = []
        keys = self.keys.get(client)
        if keys is None:
            if len(self.keys) >= KEPT_KEYS:
                self.keys.clear()
            keys = self.keys[client] = [limit.key_for(client) for _, limit, _ in self.plan]
        for (name, limit, expiry), key in zip(self.plan, keys, strict=True):
            # FixedWindowRateLimiter.hit and get_window_stats, with the client's keys built
            # once: they would build each three times a request, a third of the cost.
            count = self.storage.incr(key, expiry)
            seconds = max(0, math.ceil(self.storage.get_expiry(key) - now))
            items.append(b"%s;r=%d;t=%d" % (name, max(0, limit.amount - count), seconds))
            if count > limit.amount:
                exhausted.append((limit, max(1, seconds)))
        headers = [(b"ratelimit-policy", self.policy), (b"ratelimit", b", ".join(items))]
        if exhausted:
            await self._refuse(scope, send, client, headers, exhausted)
            return

        async def limited(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *headers]
            await send(message)

        await self.app(scope, receive, limited)

    async def _refuse(
        self,
        scope: Scope,
        send: Send,
        client: str,
        headers: list[tuple[bytes, bytes]],
        exhausted: list[tuple[RateLimitItem, int]],
    ) -> None:
        wait = max(seconds for _, seconds in exhausted)
        query = scope["query_string"].decode("latin-1")
        body = {
            "type": PROBLEM_BASE + "rate-limited",
            "title": "Too many requests",
            "status": 429,
            "detail": f"{client} made more than {exhausted[0][0]}; retry in {wait} s",
            "instance": scope["path"] + (f"?{query}" if query else ""),
            "request_id": scope["state"].get("request_id"),
        }
        content = orjson.dumps(body)
        headers += [
            (b"retry-after", b"%d" % wait),
            (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
            (b"content-length", b"%d" % len(content)),
            *self._cors(scope),
        ]
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    def _cors(self, scope: Scope) -> list[tuple[bytes, bytes]]:
        """The refusal is answered in front of the framework's CORS step, so a browser
        client is told here, as it would be there, that it may read it."""
        origin = next((value for name, value in scope["headers"] if name == b"origin"), None)
        if origin is None or not self.cors_origins:
            return []
        if "*" in self.cors_origins:
            allowed = b"*"
        elif origin.decode("latin-1") in self.cors_origins:
            allowed = origin
        else:
            return []
        exposed = b"RateLimit, RateLimit-Policy, Retry-After, X-Request-Id"
        return [
            (b"access-control-allow-origin", allowed),
            (b"access-control-expose-headers", exposed),
            (b"vary", b"Origin"),
        ]
