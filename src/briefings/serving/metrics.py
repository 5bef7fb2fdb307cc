"""Metrics in Prometheus' text format at ``/metrics``, and the access log, as one step.

The step sits in front of the response cache, so an answer replayed from memory is
counted like a fresh one. A request is labelled by its route template
(``/v1/statements/{record_id}``), never its raw path, so the number of series stays that
of the routes; a path no route matches is ``unmatched``.

With ``--workers N`` each worker writes its values to files in a directory the server
makes for the run (prometheus-client's multiprocess mode, chosen when
``PROMETHEUS_MULTIPROC_DIR`` is set); ``/metrics`` on any worker sums them all.
"""

import logging
import os
import time
from collections.abc import Sequence
from typing import Any

import orjson
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import Engine, event
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from briefings.errors import PROBLEM_BASE

PATH = "/metrics"
UNMATCHED = "unmatched"
MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
# Any other token a client sends as a method is "other": labels must stay few.
METHODS = frozenset({"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"})

REQUESTS = Counter(
    "briefings_requests",
    "Answers sent, by route template, method and status.",
    ["route", "method", "status"],
)
DURATION = Histogram(
    "briefings_request_duration_seconds",
    "Time from a request's arrival to its last byte, by route template.",
    ["route"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
CACHE = Counter(
    "briefings_response_cache",
    "GET answers replayed from the response cache (hit) or built by the application (miss).",
    ["result"],
)
HITS, MISSES = CACHE.labels("hit"), CACHE.labels("miss")
REJECTED = Counter(
    "briefings_rejected",
    "4xx answers, by the problem's type (rate-limited, invalid-parameter, not-found...).",
    ["kind"],
)
DATABASE = Histogram(
    "briefings_database_seconds",
    "Time of each database statement.",
    buckets=(0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)

access_log = logging.getLogger("briefings.access")


def _before(conn: Any, *_args: object) -> None:
    conn.info.setdefault("briefings_started", []).append(time.perf_counter())


def _after(conn: Any, *_args: object) -> None:
    started = conn.info.get("briefings_started")
    if started:
        DATABASE.observe(time.perf_counter() - started.pop())


def instrument(engine: Engine) -> None:
    """Times every statement the engine runs (once per engine, however many servers)."""
    if not event.contains(engine, "before_cursor_execute", _before):
        event.listen(engine, "before_cursor_execute", _before)
        event.listen(engine, "after_cursor_execute", _after)


def exposition() -> bytes:
    if MULTIPROCESS_DIR in os.environ:
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest(REGISTRY)


class Metrics:
    """Counts and times every answer, and logs it when ``log_requests`` is on."""

    def __init__(self, app: ASGIApp, routes: Sequence[BaseRoute], log_requests: bool) -> None:
        self.app = app
        self.routes = routes
        self.log_requests = log_requests
        # Templates of the paths answered lately: a replayed answer never reaches the
        # router, and matching every route again would cost more than the replay.
        self.templates: dict[str, str] = {}
        self.series: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == PATH and scope["method"] in ("GET", "HEAD"):
            await self._expose(scope, send)
            return
        started = time.perf_counter()
        answer: dict[str, Any] = {"status": 500, "problem": None}

        async def observed(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
                if 400 <= message["status"] < 500:
                    answer["problem"] = []
            elif answer["problem"] is not None:
                answer["problem"].append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, observed)
        finally:
            self._record(scope, answer["status"], answer["problem"], started)

    def _record(
        self, scope: Scope, status: int, problem: list[bytes] | None, started: float
    ) -> None:
        elapsed = time.perf_counter() - started
        route = self._route(scope, status)
        method = scope["method"] if scope["method"] in METHODS else "other"
        labels = (route, method, status)
        series = self.series.get(labels)
        if series is None:
            # The client's own ``labels()`` takes a lock and checks its arguments each
            # time; the pair of series for a route, method and status never changes.
            series = self.series[labels] = (
                REQUESTS.labels(route, method, str(status)),
                DURATION.labels(route),
            )
        series[0].inc()
        series[1].observe(elapsed)
        if problem is not None:
            REJECTED.labels(_kind(status, b"".join(problem))).inc()
        if self.log_requests:
            state = scope.get("state", {})
            # The rate limit leaves the client it counted (a trusted proxy's forwarded
            # address); without it, the peer.
            peer = scope.get("client")
            client = state.get("client") or (peer[0] if peer else None)
            access_log.info(
                '%s %s "%s %s" %d %.2fms',
                client or "-",
                state.get("request_id", "-"),
                scope["method"],
                route,
                status,
                elapsed * 1000,
                extra={
                    "method": scope["method"],
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 3),
                    "request_id": state.get("request_id"),
                    "client": client,
                },
            )

    def _route(self, scope: Scope, status: int) -> str:
        path: str = scope["path"]
        routed = scope.get("route")
        if routed is not None:
            template: str = routed.path
            if scope["method"] == "GET":
                MISSES.inc()
            self._learn(path, template)
            return template
        # Not routed: a replay from the response cache (a GET answered 200 or 304 in
        # front of the framework), a refusal by a step, or a path no route takes.
        if scope["method"] == "GET" and status in (200, 304):
            HITS.inc()
        known = self.templates.get(path)
        if known is not None:
            return known
        template = next(
            (
                str(getattr(route, "path", UNMATCHED))
                for route in self.routes
                if route.matches(scope)[0] != Match.NONE
            ),
            UNMATCHED,
        )
        self._learn(path, template)
        return template

    def _learn(self, path: str, template: str) -> None:
        if len(self.templates) >= 4096:
            self.templates.clear()
        self.templates[path] = template

    async def _expose(self, scope: Scope, send: Send) -> None:
        body = exposition()
        headers = [
            (b"content-type", CONTENT_TYPE_LATEST.encode()),
            (b"content-length", b"%d" % len(body)),
            (b"cache-control", b"no-store"),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )


def _kind(status: int, body: bytes) -> str:
    """The problem's type without its base (``invalid-parameter``), or the status."""
    try:
        kind = orjson.loads(body).get("type", "")
    except (orjson.JSONDecodeError, AttributeError):
        return str(status)
    if isinstance(kind, str) and kind.startswith(PROBLEM_BASE):
        return kind.removeprefix(PROBLEM_BASE)
    return str(status)
