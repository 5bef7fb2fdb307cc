"""The application as served: one stack every request passes, and uvicorn's configuration.

    request id (and security headers) → steps (limits, metrics...) → response cache → FastAPI

A step is any ASGI middleware class or factory taking the app behind it. Steps sit in
front of the cache so that a replayed answer is seen, counted and limited like any other;
``tests/serving/test_path.py`` holds every kind of request and error to it.
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
from briefings.serving.freshness import PolledRevision, SqliteRevision, revision_clock
from briefings.serving.headers import security_headers
from briefings.serving.logs import log_config
from briefings.serving.metrics import MULTIPROCESS_DIR, Metrics, instrument
from briefings.serving.ratelimit import RateLimit, parse_limits
from briefings.serving.request_id import RequestId

Step = Callable[[ASGIApp], ASGIApp]
# On SIGTERM, answers in flight get this long to finish; then what still runs, the live
# tails of /v1/changes above all (they never end by themselves), is cancelled: their
# clients reconnect elsewhere with Last-Event-ID and lose nothing.
GRACEFUL_SHUTDOWN_SECONDS = 3


class Server:
    """The stack, with its framework app (``app``) and response cache (``cache``) at hand."""

    def __init__(self, app: FastAPI, steps: Sequence[Step]) -> None:
        self.app = app
        settings: Settings = app.state.settings
        clock = revision_clock(app.state.engine, settings.revision_poll_seconds)
        if isinstance(clock, SqliteRevision):
            app.state.database_file.on_reopen.append(clock.reopen)
        elif isinstance(clock, PolledRevision):
            # A commit heard of (this process's, or another's by NOTIFY) is seen at once.
            signal_of(app).listeners.append(clock.expire)
        self.cache = ResponseCache(app, clock, settings.response_cache_bytes, settings.cors_origins)
        app.state.database_file.on_reopen.append(self.cache.clear)
        stack: ASGIApp = self.cache
        for step in reversed(steps):
            stack = step(stack)
        self.stack = RequestId(stack, security_headers)
        self.listen = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.listen:
            # Started here, in the serving process's loop, not while uvicorn builds the
            # app: a thread started there kept a worker of --workers from ever answering
            # its supervisor's health check.
            self.listen = False
            signal_of(self.app).start()
        await self.stack(scope, receive, send)


def create_server(
    settings: Settings | None = None, engine: Engine | None = None, steps: Sequence[Step] = ()
) -> Server:
    return Server(create_app(settings, engine), steps)


def watched(app: FastAPI) -> list[Step]:
    """The steps as served: metrics and the access log (so they see the 429s), then the
    rate limit, each present only when its setting asks for it. Both are off by default
    for now: together they cost 10-25 us a cached answer, more than the hot-path target
    (85% of the ceiling) leaves (docs/reliability.md)."""
    settings: Settings = app.state.settings
    steps: list[Step] = []
    if settings.metrics or settings.access_log:
        instrument(app.state.engine)
        steps.append(lambda behind: Metrics(behind, app.router.routes, settings.access_log))
    limits = parse_limits(settings.rate_limits)
    if limits:
        steps.append(
            lambda behind: RateLimit(
                behind, limits, settings.trusted_proxies, settings.cors_origins
            )
        )
    return steps


def served() -> Server:
    """uvicorn's factory: the server with the settings of the environment."""
    app = create_app()
    server = Server(app, watched(app))
    # Listening from the first request: other processes' commits reach this one's cache
    # within milliseconds (NOTIFY), not at its next poll. SQLite's cache compares the WAL
    # header on every request already; its tails start their watch themselves.
    server.listen = app.state.engine.dialect.name == "postgresql"
    # Everything built so far (framework, models, compiled schemas) lives as long as the
    # process: frozen out of the collector, a full collection walks only what requests
    # leave behind, a millisecond instead of tens that every request in flight would wait.
    # Only here: a test process that froze its collector would keep every app it built.
    gc.freeze()
    return server


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
            host=host,
            port=port,
            workers=workers,
            loop="briefings.serving.accept:new_event_loop",
            http="briefings.serving.limits:LimitedHttpProtocol",
            timeout_keep_alive=settings.keep_alive_seconds,
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
            log_level=settings.log_level,
            log_config=log_config(settings),
            # The metrics step logs each request with its route template and request id.
            access_log=False,
        )
    finally:
        if made:
            shutil.rmtree(made, ignore_errors=True)
