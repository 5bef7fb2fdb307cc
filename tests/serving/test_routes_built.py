"""An app's routes are built when it is made, not by its first requests, and listed by the
app itself."""

from typing import Any

import pytest
from fastapi.dependencies import utils as dependencies
from sqlalchemy import Engine

from briefings.app import create_app
from briefings.config import Settings
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
