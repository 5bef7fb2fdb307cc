"""Rate limits per client, a gate of the edge: counted before the response cache, so
replayed answers count.

The limits are written in the ``limits`` library's notation (the one slowapi uses) and
parsed by it. The counting is a fixed window of our own: the library's memory storage
cost 1.15 us a request (``incr`` and ``get_expiry``), nine times this window's ``hit``
(``bench.watch_costs``), and starts a sweeping thread every 10 ms under load that takes
the interpreter from the event loop (docs/performance.md). A window is aligned on the
clock (the library's starts at a key's first hit): when one ends its whole table is
dropped at once, so the memory held is that of the clients seen in the current window,
never of every client ever seen. Each process counts alone: with ``--workers N`` a client
may get N times the limit (see docs/reliability.md).

Every answer carries the limits in the syntax of the IETF draft "RateLimit header fields
for HTTP" (draft-ietf-httpapi-ratelimit-headers-08 and later)::

    RateLimit-Policy: "6000 per 1 minute";q=6000;w=60
    RateLimit: "6000 per 1 minute";r=5999;t=42
"""

import time
from collections.abc import Iterable, Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

import orjson
from limits import RateLimitItem, parse_many
from starlette.types import Scope

from briefings.errors import PROBLEM_BASE, PROBLEM_MEDIA_TYPE
from briefings.serving.edge import Refusal
from briefings.serving.headers import Headers

Network = IPv4Network | IPv6Network
# Probes and the scraper must never be turned away by the limit they help to watch.
EXEMPT = frozenset({"/healthz", "/readyz", "/metrics"})


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


class FixedWindow:
    """Hits per client in windows of ``seconds``, aligned on the clock."""

    def __init__(self, limit: RateLimitItem) -> None:
        self.limit = limit
        self.amount = limit.amount
        self.seconds = limit.get_expiry()
        self.name = f'"{limit}"'.encode()
        # The RateLimit item with its two numbers left to fill: formatted whole on every
        # answer, as one bytes format is cheaper than joining parts.
        self.item = self.name.replace(b"%", b"%%") + b";r=%d;t=%d"
        # When the current window ends, in whole seconds of the clock (none has begun yet).
        self.ends = 0
        self.counts: dict[str, int] = {}

    def begin(self, now: int) -> None:
        """A new window, ``now`` being past the end of the last one."""
        self.ends = (now // self.seconds + 1) * self.seconds
        self.counts = {}


class RateLimit:
    """Counts each request against every limit for its client; over any of them, a 429
    problem with ``Retry-After``. The client is left in the request's state (``client``)
    for the logs."""

    def __init__(
        self,
        limits: Sequence[RateLimitItem],
        trusted: Sequence[Network] = (),
        cors_origins: Sequence[str] = (),
    ) -> None:
        self.windows = [FixedWindow(limit) for limit in limits]
        self.trusted = list(trusted)
        self.cors_origins = set(cors_origins)
        self.policy = b", ".join(
            b"%s;q=%d;w=%d" % (window.name, window.amount, window.seconds)
            for window in self.windows
        )
        self.policy_header = (b"ratelimit-policy", self.policy)

    def admit(self, scope: Scope, added: Headers) -> Refusal | None:
        if self.trusted:
            client = client_address(scope, self.trusted)
        else:
            peer = scope.get("client")
            client = peer[0] if peer else "unknown"
        scope["state"]["client"] = client
        if scope["path"] in EXEMPT:
            return None
        # Whole seconds: windows begin and end on them. Written out here rather than
        # called per window: every request, replays above all, runs it.
        now = int(time.time())
        items: list[bytes] = []
        exhausted: list[tuple[FixedWindow, int]] | None = None
        for window in self.windows:
            if now >= window.ends:
                window.begin(now)
            counts = window.counts
            count = counts[client] = counts.get(client, 0) + 1
            left = window.amount - count
            # The whole seconds until the window ends, rounded up: 1 to its length.
            reset = window.ends - now
            items.append(window.item % (left if left > 0 else 0, reset))
            if left < 0:
                if exhausted is None:
                    exhausted = []
                exhausted.append((window, reset))
        added.append(self.policy_header)
        added.append((b"ratelimit", items[0] if len(items) == 1 else b", ".join(items)))
        if exhausted:
            return self._refusal(scope, client, exhausted)
        return None

    def _refusal(
        self, scope: Scope, client: str, exhausted: list[tuple[FixedWindow, int]]
    ) -> Refusal:
        wait = max(reset for _, reset in exhausted)
        query = scope["query_string"].decode("latin-1")
        body = {
            "type": PROBLEM_BASE + "rate-limited",
            "title": "Too many requests",
            "status": 429,
            "detail": f"{client} made more than {exhausted[0][0].limit}; retry in {wait} s",
            "instance": scope["path"] + (f"?{query}" if query else ""),
            "request_id": scope["state"].get("request_id"),
        }
        content = orjson.dumps(body)
        headers = [
            (b"retry-after", b"%d" % wait),
            (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
            (b"content-length", b"%d" % len(content)),
            *self._cors(scope),
        ]
        return Refusal(429, headers, content, "rate-limited")

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
