"""create_app(): routers, error handlers, middleware. The stack in front of it, as served,
is ``briefings.serving.server``."""

import logging

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from sqlalchemy import Engine

from briefings import __version__, routing
from briefings.changes.routes import router as changes_router
from briefings.config import Settings, get_settings
from briefings.db import get_engine, make_engine
from briefings.docs_ui import install as install_docs
from briefings.errors import ErrorBoundary, install_handlers
from briefings.explorer.router import install as install_explorer
from briefings.health import DatabaseFile
from briefings.health import router as health_router
from briefings.index import index_router
from briefings.kit.aggregates import AggregateCache
from briefings.kit.plans import Plans
from briefings.kit.routes import resource_router
from briefings.openapi import install_openapi
from briefings.overruns import Overruns
from briefings.resources import REGISTRY
from briefings.resources.sources.annotations import install as install_annotations
from briefings.search.router import router as search_router
from briefings.serving.metrics import router as metrics_router
from briefings.writes.drafts import router as drafts_router
from briefings.writes.imports import router as imports_router
from briefings.writes.records import record_router

DESCRIPTION = """\
Regional news turned into structured, citable data. Every fact carries `evidence`:
the exact characters of the source article it was taken from.
"""


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="briefings",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        # Swagger UI is served from files of our own (briefings.docs_ui), not a CDN.
        docs_url=None,
        redoc_url=None,
        # FastAPI's native OpenTelemetry asks the global providers on every request
        # whether anyone listens: about 15-35 us each, a tenth of an uncached page.
        # Metrics are Prometheus's (counted by the edge); no tracer is configured.
        telemetry={"tracing": False, "metrics": False, "logs": False},
        # Starlette's slash redirect writes the request's Host into an absolute Location:
        # a client or cache poisoned with another Host would be sent there. A path with a
        # trailing slash is a 404 problem instead, like any other unknown path.
        redirect_slashes=False,
    )
    app.state.settings = settings
    app.state.engine = engine or (
        get_engine() if settings is get_settings() else make_engine(settings.database_url)
    )
    app.state.database_file = DatabaseFile(app.state.engine)
    app.state.aggregates = AggregateCache()
    app.state.plans = Plans()
    app.state.overruns = Overruns()
    install_handlers(app)
    # Added first, so it runs inside CORS (the last added middleware is the outermost).
    app.add_middleware(ErrorBoundary)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            # Writes need a key; a browser app may send one like any other client.
            allow_methods=["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=[
                "If-None-Match",
                "Accept",
                "Authorization",
                "Content-Type",
                "If-Match",
                "Idempotency-Key",
                "Last-Event-ID",
            ],
            expose_headers=[
                "ETag",
                "Link",
                "X-Request-Id",
                "RateLimit",
                "RateLimit-Policy",
                "Retry-After",
                "Location",
                "Idempotency-Replayed",
            ],
        )

    app.include_router(health_router)
    if settings.metrics:
        app.include_router(metrics_router)
    app.include_router(index_router(REGISTRY))
    for resource in REGISTRY.resources.values():
        app.include_router(
            resource_router(
                resource, REGISTRY, settings.page_limit_default, settings.page_limit_max
            )
        )
    app.include_router(search_router)
    app.include_router(changes_router(settings.page_limit_default, settings.page_limit_max))
    app.include_router(imports_router())
    app.include_router(drafts_router())
    for resource in REGISTRY.resources.values():
        if resource.seed is not None:
            app.include_router(record_router(resource, REGISTRY))
    install_annotations(app)
    install_explorer(app)
    install_openapi(app, REGISTRY)
    install_docs(app)
    routing.flatten(app)
    routing.index(app)
    logging.getLogger("briefings").setLevel(settings.log_level.upper())
    return app
