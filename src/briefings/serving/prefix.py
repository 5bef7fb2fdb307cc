"""The path prefix the API is reached under, for the links it writes.

Behind a proxy that serves the API under ``/briefings`` and strips that prefix before
passing the request on, a link ``/v1/actors/x`` would lead nowhere. The prefix is set
once for the server (``--root-path``, ``BRIEFINGS_ROOT_PATH``) or told per request by a
trusted proxy in ``X-Forwarded-Prefix``; a header from any other peer is ignored, as it
could send a user's next click anywhere. It lands in the request's ``root_path`` (the
ASGI key for it), which links, ``Link`` headers, the documentation page and the response
cache's key read; the path itself is the API's own, with the prefix taken off when a
proxy passes it on, so routing and every step see the same paths with or without a proxy.
"""

from collections.abc import Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address

from starlette.types import ASGIApp, Receive, Scope, Send

from briefings.config import clean_prefix

Network = IPv4Network | IPv6Network


def _trusted(scope: Scope, trusted: Sequence[Network]) -> bool:
    peer = scope.get("client")
    if not peer or not trusted:
        return False
    try:
        address = ip_address(peer[0])
    except ValueError:
        return False
    return any(address in network for network in trusted)


class RootPath:
    """Sets ``root_path`` to the configured prefix, or to a trusted proxy's."""

    def __init__(self, app: ASGIApp, root_path: str, trusted: Sequence[Network]) -> None:
        self.app = app
        self.root_path = root_path
        self.trusted = list(trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            prefix = self.root_path
            if self.trusted:
                given = next((v for n, v in scope["headers"] if n == b"x-forwarded-prefix"), None)
                if given is not None and _trusted(scope, self.trusted):
                    cleaned = clean_prefix(given.decode("latin-1"))
                    prefix = prefix if cleaned is None else cleaned
            scope["root_path"] = prefix
            path: str = scope["path"]
            if prefix and (path == prefix or path.startswith(prefix + "/")):
                # A proxy that passes the prefix on: the same request as one that strips it.
                scope["path"] = path[len(prefix) :] or "/"
                raw: bytes | None = scope.get("raw_path")
                if raw is not None and raw.startswith(prefix.encode()):
                    scope["raw_path"] = raw[len(prefix) :] or b"/"
        await self.app(scope, receive, send)
