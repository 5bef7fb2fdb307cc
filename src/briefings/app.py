"""create_app(): routers, error handlers, middleware. The stack in front of it, as served,
is ``briefings.serving.server``."""

import logging

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from sqlalchemy import Engine
from starlette.routing import BaseRoute

from briefings import __version__
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
    _flatten_routes(app)
    logging.getLogger("briefings").setLevel(settings.log_level.upper())
    return app


def _flatten_routes(app: FastAPI) -> None:
    """Puts the routes of every included router in the app's own list, in their order.

    FastAPI (0.16x) keeps an included router as one entry of that list, which matches a
    request by walking its routes with bookkeeping of its own: 3-4 us a route, 134 us to
    find ``GET /v1/statements`` among 121 routes and 345 us for ``/v1/search``, an eighth
    of a fresh page's time; the same routes in the app's list match in about 1.3 us each
    (docs/performance.md). Our routers carry their routes' full paths and are included
    with nothing added (no prefix, dependency, tag or limit), so their routes are the
    same there, and the OpenAPI document is built from the same list.

    It also builds them now, on one thread: FastAPI built an included router's routes on
    the first request to reach it, inside ``warnings.catch_warnings()``, which is not
    thread-safe; two first requests on two threads undid the filter FastAPI sets for a
    pydantic warning, and under ``filterwarnings = error`` it became a 500 (CI, the
    replica test).
    """
    flat: list[BaseRoute] = []
    for route in app.router.routes:
        included: APIRouter | None = getattr(route, "original_router", None)
        if included is None:
            flat.append(route)
            continue
        # Anything given at inclusion would be lost with the wrapper: there is none.
        context = route.include_context  # type: ignore[attr-defined]
        assert not context.prefix, context
        assert not context.dependencies, context
        assert not context.tags, context
        flat.extend(included.routes)
    app.router.routes[:] = flat
