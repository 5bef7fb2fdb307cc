"""Metrics in Prometheus' text format at ``/metrics``, and the access log: an observer of
the edge, so an answer replayed from memory is counted like a fresh one. A request is
labelled by its route template (``/v1/statements/{record_id}``), never its raw path, so
the number of series stays that of the routes; a path no route matches is ``unmatched``.

With ``--workers N`` each worker writes its values to files in a directory the server
makes for the run (prometheus-client's multiprocess mode, chosen when
``PROMETHEUS_MULTIPROC_DIR`` is set); ``/metrics`` on any worker sums them all.
"""

import asyncio
import logging
import os
import time
from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Request, Response
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
from starlette.types import Scope

from briefings.serving.edge import PROBLEM

PATH = "/metrics"
UNMATCHED = "unmatched"
MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
# Any other token a client sends as a method is "other": labels must stay few.
METHODS = frozenset({"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"})
# How long counts wait here before they move into the series other workers' scrapes read.
FLUSH_SECONDS = 1.0

REQUESTS = Counter(
    "briefings_requests",
    "Answers sent, by route template, method and status.",
    ["route", "method", "status"],
)
DURATION_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
DURATION = Histogram(
    "briefings_request_duration_seconds",
    "Time from a request's arrival to its last byte, by route template.",
    ["route"],
    buckets=DURATION_BUCKETS,
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


class Meter:
    """Counts and times every answer, and logs it when ``log_requests`` is on.

    A request adds to plain counts kept here; they move into prometheus-client's series
    within a second (a timer of the event loop) and before every scrape. The client's own
    calls take a lock each (a counter's ``inc`` 0.32 us, a histogram's ``observe``
    0.68 us, against 0.16 us for both counts here: docs/performance.md). The histogram's
    buckets are added to through the child's ``_buckets`` and ``_sum`` values, the ones its
    ``observe`` adds to one at a time: the client has no public call to add many
    observations at once; ``tests/serving/test_metrics.py`` holds the totals to the
    requests made.
    """

    def __init__(self, routes: Sequence[BaseRoute], log_requests: bool) -> None:
        self.routes = routes
        self.log_requests = log_requests
        # Templates of the paths answered lately: a replayed answer never reaches the
        # router, and matching every route again would cost more than the replay.
        self.templates: dict[str, str] = {}
        self.requests: dict[tuple[str, str, int], int] = {}
        # Per route: a count per bucket of DURATION (the last is +Inf) and the sum.
        self.durations: dict[str, list[float]] = {}
        self.rejected: dict[str, int] = {}
        self.hits = 0
        self.misses = 0
        self.flushing = False

    def settle(self, scope: Scope, status: int, elapsed: float) -> None:
        method = scope["method"]
        routed = scope.get("route")
        if routed is None:
            # Not routed: a replay from the response cache (a GET answered 200 or 304 in
            # front of the framework), a refusal by a gate, or a path no route takes.
            if method == "GET" and status in (200, 304):
                self.hits += 1
            route = self.templates.get(scope["path"]) or self._match(scope)
        else:
            route = routed.path
            if method == "GET":
                self.misses += 1
            self._learn(scope["path"], route)
        labels = (route, method if method in METHODS else "other", status)
        requests = self.requests
        requests[labels] = requests.get(labels, 0) + 1
        durations = self.durations.get(route)
        if durations is None:
            durations = self.durations[route] = [0.0] * (len(DURATION_BUCKETS) + 2)
        durations[bisect_left(DURATION_BUCKETS, elapsed)] += 1
        durations[-1] += elapsed
        if 400 <= status < 500:
            kind = scope["state"].get(PROBLEM) or str(status)
            self.rejected[kind] = self.rejected.get(kind, 0) + 1
        if not self.flushing:
            self.flushing = True
            asyncio.get_running_loop().call_later(FLUSH_SECONDS, self.flush)
        if self.log_requests:
            self._log(scope, scope["state"], route, status, elapsed)

    def flush(self) -> None:
        """Moves the counts kept here into prometheus-client's series."""
        self.flushing = False
        requests, self.requests = self.requests, {}
        for (route, method, status), count in requests.items():
            REQUESTS.labels(route, method, str(status)).inc(count)
        durations, self.durations = self.durations, {}
        for route, counts in durations.items():
            child: Any = DURATION.labels(route)
            for bucket, observed in enumerate(counts[:-1]):
                if observed:
                    child._buckets[bucket].inc(observed)
            child._sum.inc(counts[-1])
        rejected, self.rejected = self.rejected, {}
        for kind, count in rejected.items():
            REJECTED.labels(kind).inc(count)
        hits, misses, self.hits, self.misses = self.hits, self.misses, 0, 0
        if hits:
            HITS.inc(hits)
        if misses:
            MISSES.inc(misses)

    def _log(
        self, scope: Scope, state: dict[str, Any], route: str, status: int, elapsed: float
    ) -> None:
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

    def _match(self, scope: Scope) -> str:
        """The template of the route that takes this path, learnt for the next time: a
        replayed answer never reaches the router."""
        template = next(
            (
                str(getattr(route, "path", UNMATCHED))
                for route in self.routes
                if route.matches(scope)[0] != Match.NONE
            ),
            UNMATCHED,
        )
        self._learn(scope["path"], template)
        return template

    def _learn(self, path: str, template: str) -> None:
        if len(self.templates) >= 4096:
            self.templates.clear()
        self.templates[path] = template


router = APIRouter(include_in_schema=False)


@router.get(PATH)
async def metrics(request: Request) -> Response:
    """The exposition; this process's counts moved in first (other workers' move within
    a second)."""
    meter: Meter | None = getattr(request.app.state, "meter", None)
    if meter is not None:
        meter.flush()
    return Response(
        exposition(), media_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"}
    )
