"""The application as served: one stack every request passes, and uvicorn's configuration.

    path prefix (when configured) → steps
    → edge (request id, security headers, rate limit, metrics, response cache)
    → compression → FastAPI

A step is any ASGI middleware class or factory taking the app behind it (none as served;
tests add some). The steps and the edge's watches (``watched``: the rate limit and the
metrics, as the settings ask) sit in front of the cache, so that a replayed answer is
seen, counted and limited like any other; ``tests/serving/test_path.py`` holds every kind
of request and error to it.
"""

import gc
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence

from fastapi import FastAPI
from sqlalchemy import Engine
from starlette.types import ASGIApp, Receive, Scope, Send

from briefings.app import create_app
from briefings.changes.signal import signal_of
from briefings.config import Settings, get_settings
from briefings.serving.cache import ResponseCache
from briefings.serving.compression import Compression
from briefings.serving.edge import Edge, Gate, Observer, Watches
from briefings.serving.freshness import PolledRevision, SqliteRevision, revision_clock
from briefings.serving.headers import security_headers
from briefings.serving.logs import log_config
from briefings.serving.memory import bound_sqlite, limit_arenas
from briefings.serving.metrics import MULTIPROCESS_DIR, Meter, instrument
from briefings.serving.prefix import RootPath
from briefings.serving.ratelimit import RateLimit, parse_limits

Step = Callable[[ASGIApp], ASGIApp]
# On SIGTERM, answers in flight get this long to finish; then what still runs, the live
# tails of /v1/changes above all (they never end by themselves), is cancelled: their
# clients reconnect elsewhere with Last-Event-ID and lose nothing.
GRACEFUL_SHUTDOWN_SECONDS = 3


class Server:
    """The stack, with its framework app (``app``) and response cache (``cache``) at hand."""

    def __init__(
        self, app: FastAPI, steps: Sequence[Step] = (), watches: Watches | None = None
    ) -> None:
        self.app = app
        settings: Settings = app.state.settings
        clock = revision_clock(app.state.engine, settings.revision_poll_seconds)
        if isinstance(clock, SqliteRevision):
            app.state.database_file.on_reopen.append(clock.reopen)
        elif isinstance(clock, PolledRevision):
            # A commit heard of (this process's, or another's by NOTIFY) is seen at once.
            signal_of(app).listeners.append(clock.expire)
        self.cache = ResponseCache(
            clock, settings.response_cache_bytes, settings.cors_origins, security_headers
        )
        app.state.database_file.on_reopen.append(self.cache.clear)
        watches = watched(app) if watches is None else watches
        self.edge = Edge(Compression(app), self.cache, watches)
        stack: ASGIApp = self.edge
        for step in reversed(steps):
            stack = step(stack)
        if settings.root_path or settings.trusted_proxies:
            stack = RootPath(stack, settings.root_path, settings.trusted_proxies)
        # What uvicorn is given (``served``): the edge itself when nothing wraps it.
        self.stack = stack

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.stack(scope, receive, send)


def create_server(
    settings: Settings | None = None,
    engine: Engine | None = None,
    steps: Sequence[Step] = (),
    watches: Watches | None = None,
) -> Server:
    """The stack as served, with the watches its settings ask for unless ``watches`` are
    given, and ``steps`` behind them."""
    return Server(create_app(settings, engine), steps, watches)


def watched(app: FastAPI) -> Watches:
    """The watches the settings ask for: the rate limit, then metrics and the access log
    (which see the rate limit's refusals)."""
    settings: Settings = app.state.settings
    gates: list[Gate] = []
    observers: list[Observer] = []
    limits = parse_limits(settings.rate_limits)
    if limits:
        gates.append(RateLimit(limits, settings.trusted_proxies, settings.cors_origins))
    if settings.metrics or settings.access_log:
        instrument(app.state.engine)
        meter = Meter(app.router.routes, settings.access_log)
        if settings.metrics:
            app.state.meter = meter
        observers.append(meter)
    return Watches(gates, observers)


def served() -> ASGIApp:
    """uvicorn's factory: the stack with the settings of the environment."""
    # Before the first query thread starts, so that it shares the loop's arenas.
    limit_arenas()
    server = create_server()
    settings: Settings = server.app.state.settings
    bound_sqlite(settings.sqlite_cache_bytes)
    if server.app.state.engine.dialect.name == "postgresql":
        # Listening from the first request: other processes' commits reach this one's
        # cache within milliseconds (NOTIFY), not at its next poll. Started in the serving
        # process's loop, not while uvicorn builds the app: a thread started there kept a
        # worker of --workers from ever answering its supervisor's health check. SQLite's
        # cache compares the WAL header on every request already; its tails start their
        # watch themselves.
        server.edge.first = signal_of(server.app).start
    stack = server.stack
    # Everything built so far (framework, models, compiled schemas) lives as long as the
    # process: frozen out of the collector, a full collection walks only what requests
    # leave behind, a millisecond instead of tens that every request in flight would wait.
    # Only here: a test process that froze its collector would keep every app it built.
    gc.freeze()
    # The bound method rather than the object: uvicorn calls it for every request, and an
    # object's ``__call__`` is looked up on each call (60 ns a request, measured).
    bound: ASGIApp = stack.__call__  # type: ignore[operator]
    return bound


def serve(host: str, port: int, workers: int) -> None:
    import uvicorn

    settings = get_settings()
    made = None
    if workers > 1 and MULTIPROCESS_DIR not in os.environ:
        # Set before the workers start, so each one counts in files that /metrics sums;
        # a fresh directory per run, or the counts of the last run would be summed too.
        made = os.environ[MULTIPROCESS_DIR] = tempfile.mkdtemp(prefix="briefings-metrics-")
    try:
        uvicorn.run(
            f"{__name__}:served",
            factory=True,
            # Said, not guessed: uvicorn takes a bound method for an ASGI 2 app.
            interface="asgi3",
            host=host,
            port=port,
            workers=workers,
            loop="briefings.serving.accept:new_event_loop",
            http="briefings.serving.limits:LimitedHttpProtocol",
            timeout_keep_alive=settings.keep_alive_seconds,
            # uvicorn would otherwise believe X-Forwarded-For from loopback peers and
            # rewrite the client before the rate limit sees it: a forged header would buy
            # a fresh budget. Which proxies to believe is BRIEFINGS_TRUSTED_PROXIES's say.
            proxy_headers=False,
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
            log_level=settings.log_level,
            log_config=log_config(settings),
            # The metrics step logs each request with its route template and request id.
            access_log=False,
        )
    finally:
        if made:
            shutil.rmtree(made, ignore_errors=True)
