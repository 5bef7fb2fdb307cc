"""The application as served: one stack every request passes, and uvicorn's configuration.

    request id (and security headers) → steps (limits, metrics...) → response cache → FastAPI

A step is any ASGI middleware class or factory taking the app behind it. Steps sit in
front of the cache so that a replayed answer is seen, counted and limited like any other;
``tests/serving/test_path.py`` holds every kind of request and error to it.
"""

import gc
from collections.abc import Callable, Sequence

from fastapi import FastAPI
from sqlalchemy import Engine
from starlette.types import ASGIApp, Receive, Scope, Send

from briefings.app import create_app
from briefings.config import Settings, get_settings
from briefings.serving.cache import ResponseCache
from briefings.serving.freshness import SqliteRevision, revision_clock
from briefings.serving.headers import security_headers
from briefings.serving.request_id import RequestId

Step = Callable[[ASGIApp], ASGIApp]


class Server:
    """The stack, with its framework app (``app``) and response cache (``cache``) at hand."""

    def __init__(self, app: FastAPI, steps: Sequence[Step]) -> None:
        self.app = app
        settings: Settings = app.state.settings
        clock = revision_clock(app.state.engine, settings.revision_poll_seconds)
        if isinstance(clock, SqliteRevision):
            app.state.database_file.on_reopen.append(clock.reopen)
        self.cache = ResponseCache(app, clock, settings.response_cache_bytes, settings.cors_origins)
        app.state.database_file.on_reopen.append(self.cache.clear)
        stack: ASGIApp = self.cache
        for step in reversed(steps):
            stack = step(stack)
        self.stack = RequestId(stack, security_headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.stack(scope, receive, send)


def create_server(
    settings: Settings | None = None, engine: Engine | None = None, steps: Sequence[Step] = ()
) -> Server:
    return Server(create_app(settings, engine), steps)


def served() -> Server:
    """uvicorn's factory: the server with the settings of the environment."""
    server = create_server()
    # Everything built so far (framework, models, compiled schemas) lives as long as the
    # process: frozen out of the collector, a full collection walks only what requests
    # leave behind, a millisecond instead of tens that every request in flight would wait.
    # Only here: a test process that froze its collector would keep every app it built.
    gc.freeze()
    return server


def serve(host: str, port: int, workers: int) -> None:
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        f"{__name__}:served",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        loop="briefings.serving.accept:new_event_loop",
        http="briefings.serving.limits:LimitedHttpProtocol",
        timeout_keep_alive=settings.keep_alive_seconds,
        log_level=settings.log_level,
        access_log=settings.access_log,
    )
