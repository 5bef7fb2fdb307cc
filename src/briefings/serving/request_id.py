"""The first step of every request: an id that names it in the answer and in the logs."""

import itertools
import os
import re
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

Headers = list[tuple[bytes, bytes]]

# A client's id is taken only when it is a short token that cannot forge a log line, a
# header or a JSON structure; anything else gets a new id (and is never logged).
GIVEN_ID = re.compile(rb"[A-Za-z0-9._-]{1,64}")


class RequestId:
    """Takes the client's ``X-Request-Id`` (a safe token) or makes one, keeps it in the
    request's state for the steps behind it, and returns it on every answer."""

    def __init__(self, app: ASGIApp, headers: Callable[[str], Headers] = lambda _: []) -> None:
        self.app = app
        # Further headers every answer carries, by path (the security headers).
        self.headers = headers
        # Cheap unique ids: a per-process prefix and a counter.
        self.prefix = os.urandom(6).hex()
        self.counter = itertools.count(1)

    def _request_id(self, scope: Scope) -> bytes:
        for name, value in scope["headers"]:
            if name == b"x-request-id" and GIVEN_ID.fullmatch(value):
                return bytes(value)
        return f"{self.prefix}{next(self.counter):010x}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = self._request_id(scope)
        scope.setdefault("state", {})["request_id"] = request_id.decode("latin-1")
        added = [*self.headers(scope["path"]), (b"x-request-id", request_id)]

        async def tagged(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *added]
            await send(message)

        await self.app(scope, receive, tagged)
