"""An app's routes are built when it is made, not by its first requests."""

from typing import Any

import pytest
from fastapi.dependencies import utils as dependencies
from sqlalchemy import Engine

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
