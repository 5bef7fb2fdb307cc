"""The first step of every request and the last of every answer: the request's id, the
headers every answer carries, the watches (rate limit, metrics, access log), and the
response cache in front of the framework.

The watches run inline here instead of as ASGI steps of their own. A step wraps the
``send`` of every answer once more and copies its headers once more: with the request id,
the metrics and the rate limit as three steps, a cached answer cost 12 us in process
against 4 us with the request id alone (docs/performance.md). Here there is one wrapper
and one copy, whatever the watches; and the cache is asked here rather than as a layer
of its own, so that a replay is sent straight on. The watches still see every request: a
replay from the response cache, a 304, a refusal, an error.

- A **gate** (the rate limit) is asked first. It adds the headers every answer to the
  request carries, or returns a refusal that is sent instead of going on.
- An **observer** (metrics, access log) is told, after the last byte, the status and how
  long the answer took; the request's state holds the rest (its route, the problem's
  type, the client).
"""

import itertools
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from time import perf_counter
from typing import Protocol

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from briefings.serving.cache import Entry, ResponseCache
from briefings.serving.headers import Headers

# A client's id is taken only when it is a short token that cannot forge a log line, a
# header or a JSON structure; anything else gets a new id (and is never logged).
GIVEN_ID = re.compile(rb"[A-Za-z0-9._-]{1,64}")
# The request state's key for the problem type (``not-found``) of a 4xx answer.
PROBLEM = "problem"


@dataclass(frozen=True)
class Refusal:
    """A whole answer a gate sends instead of the application's."""

    status: int
    headers: Headers
    body: bytes
    problem: str


class Gate(Protocol):
    def admit(self, scope: Scope, added: Headers) -> Refusal | None:
        """Counts the request; appends to ``added`` the headers every answer to it carries;
        returns the answer to send instead, or None to go on."""
        ...


class Observer(Protocol):
    def settle(self, scope: Scope, status: int, elapsed: float) -> None:
        """Told once the answer's last byte is sent (or the application failed: 500)."""
        ...


@dataclass(frozen=True)
class Watches:
    gates: Sequence[Gate] = ()
    observers: Sequence[Observer] = ()


class Edge:
    """Takes the client's ``X-Request-Id`` (a safe token) or makes one, keeps it in the
    request's state for everything behind, runs the watches, answers from the response
    cache or the framework, and returns the id and the further headers (the security
    headers, by path) on every answer."""

    def __init__(
        self,
        app: ASGIApp,
        cache: ResponseCache,
        watches: Watches = Watches(),
    ) -> None:
        self.app = app
        self.cache = cache
        # The headers every answer for a path carries (the security headers): the
        # cache's, which keeps them with each answer it replays.
        self.headers = cache.edge_headers
        self.gates = tuple(watches.gates)
        self.observers = tuple(watches.observers)
        # Run once, at the first request, in the serving process's event loop.
        self.first: Callable[[], None] | None = None
        # Cheap unique ids: a per-process prefix and a counter.
        self.prefix = os.urandom(6).hex().encode()
        self.counter = itertools.count(1)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.first is not None:
            first, self.first = self.first, None
            first()
        started = perf_counter()
        # Written out here rather than called: every request, replays above all, runs it.
        request_id = None
        for name, value in scope["headers"]:
            if name == b"x-request-id" and GIVEN_ID.fullmatch(value):
                request_id = bytes(value)
                break
        if request_id is None:
            request_id = b"%s%010x" % (self.prefix, next(self.counter))
        state = scope.get("state")
        if state is None:
            state = scope["state"] = {}
        state["request_id"] = request_id.decode("latin-1")
        # The request's own headers; the edge's by path (``self.headers``) are kept with
        # a replayed answer already and put on the others as they are sent.
        added = [(b"x-request-id", request_id)]
        # What the observers are told: the status sent, or 500 when the application fails
        # before it starts an answer (uvicorn sends that 500).
        status = 500
        try:
            for gate in self.gates:
                refusal = gate.admit(scope, added)
                if refusal is not None:
                    state[PROBLEM] = refusal.problem
                    status = refusal.status
                    await send(
                        {
                            "type": "http.response.start",
                            "status": status,
                            "headers": [
                                *refusal.headers,
                                *self.headers(scope["path"]),
                                *added,
                            ],
                        }
                    )
                    await send({"type": "http.response.body", "body": refusal.body})
                    return
            found = self.cache.find(scope)
            if isinstance(found, Entry):
                # A kept answer (or its 304), sent on with the edge's headers.
                status = found.status
                await send(
                    {
                        "type": "http.response.start",
                        "status": status,
                        "headers": found.sent + added,
                    }
                )
                await send({"type": "http.response.body", "body": found.body})
                return
            # The framework answers: the one ``send`` wrapper puts the edge's headers on
            # its start and notes its status (made only here: a replay needs none).
            sent = [500]
            tagged = _tagged(send, [*self.headers(scope["path"]), *added], sent)
            try:
                if found is None:
                    await self.app(scope, receive, tagged)
                else:
                    await self.app(scope, receive, self.cache.recording(tagged, found, state))
            finally:
                status = sent[0]
        finally:
            if self.observers:
                elapsed = perf_counter() - started
                for observer in self.observers:
                    observer.settle(scope, status, elapsed)


def _tagged(send: Send, added: Headers, sent: list[int]) -> Send:
    async def tagged(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", ()), *added]
            sent[0] = message["status"]
        await send(message)

    return tagged
