"""An app's routes are built when it is made, not by its first requests, and listed by the
app itself."""

import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.dependencies import utils as dependencies
from sqlalchemy import Engine
from starlette.routing import BaseRoute, Match, Route

from briefings.app import create_app
from briefings.config import Settings
from briefings.routing import RouteIndex
from support import make_client

# One URL for each kind of router: a collection, an item, a history, search, the change
# feed, the index, the explorer, the documents.
URLS = [
    "/v1",
    "/v1/statements?limit=1",
    "/v1/sources/kazakhstan-kyrgyzstan-2025-08-01",
    "/v1/sources/kazakhstan-kyrgyzstan-2025-08-01/history",
    "/v1/search?q=Bichkek",
    "/v1/changes",
    "/",
    "/openapi.json",
    "/healthz",
]


def test_no_request_builds_a_route(seeded_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    # FastAPI would build an included router's routes on the first request reaching it,
    # under warnings.catch_warnings(), which is not thread-safe: two first requests on
    # two threads turned a silenced pydantic warning into a 500.
    built: list[str] = []
    build = dependencies.create_model_field  # type: ignore[attr-defined]

    def counted(*args: Any, **kwargs: Any) -> Any:
        built.append(str(kwargs.get("name", args[0] if args else "")))
        return build(*args, **kwargs)

    monkeypatch.setattr(dependencies, "create_model_field", counted)
    client = make_client(seeded_engine)
    built.clear()
    for url in URLS:
        assert client.get(url).status_code == 200, url
    assert built == []


def test_the_app_lists_every_route_itself(seeded_engine: Engine) -> None:
    # An included router kept as one entry matches by walking its routes with FastAPI's
    # bookkeeping, 134 us to find GET /v1/statements; in the app's list, a third of that.
    app = create_app(Settings(database_url=str(seeded_engine.url)), seeded_engine)
    wrapped = [route for route in app.router.routes if hasattr(route, "original_router")]
    assert wrapped == []
    paths = {getattr(route, "path", None) for route in app.router.routes}
    assert {"/v1/statements", "/v1/statements/{record_id}", "/v1/search", "/healthz"} <= paths


def _example(template: str) -> str:
    # A path the template matches: each parameter a value of its kind.
    return re.sub(r"\{[^}:]+(:path)?\}", lambda m: "x/y" if m.group(1) else "x", template)


def _walked(routes: list[BaseRoute], scope: dict[str, Any]) -> BaseRoute | None:
    # FastAPI's own rule: the first route in the list that matches fully.
    return next((r for r in routes if r.matches(dict(scope))[0] is Match.FULL), None)


def test_the_index_finds_the_route_fastapis_walk_finds(seeded_engine: Engine) -> None:
    # The index only narrows which routes are tried: for every route's path and method,
    # the route it picks is the one a walk of the whole list picks.
    app = create_app(Settings(database_url=str(seeded_engine.url)), seeded_engine)
    found = app.router.middleware_stack
    assert isinstance(found, RouteIndex)
    routes = list(app.router.routes)
    tried = 0
    for route in routes:
        if not isinstance(route, Route):
            continue
        for method in sorted(route.methods or {"GET"}):
            path = _example(route.path)
            scope = {"type": "http", "method": method, "path": path, "root_path": ""}
            indexed = next(
                (r for r in found.candidates(path) if r.matches(dict(scope))[0] is Match.FULL),
                None,
            )
            assert indexed is _walked(routes, scope), (method, path)
            tried += 1
    assert tried > 100
    # A collection's list tries its own few routes, not the whole list.
    assert len(found.candidates("/v1/statements")) < len(routes) // 4


def test_a_route_added_later_is_reached(seeded_engine: Engine) -> None:
    client = make_client(seeded_engine)
    app: FastAPI = client.app.app  # type: ignore[attr-defined]

    @app.get("/v1/statements-late")
    async def late() -> dict[str, str]:
        return {"late": "yes"}

    @app.get("/v1/statements/{record_id}/late")
    async def late_item(record_id: str) -> dict[str, str]:
        return {"late": record_id}

    assert client.get("/v1/statements-late").json() == {"late": "yes"}
    assert client.get("/v1/statements/abc/late").json() == {"late": "abc"}


def test_what_no_route_takes_fully_is_answered_as_before(seeded_engine: Engine) -> None:
    client = make_client(seeded_engine)
    # A known path with another method: 405 naming the methods it takes.
    answer = client.delete("/v1/visits")
    assert answer.status_code == 405
    assert "GET" in answer.headers["allow"]
    # Under a known head but no route: the not-found problem.
    answer = client.get("/v1/statements/a/b/c")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
