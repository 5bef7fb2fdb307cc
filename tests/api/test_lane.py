"""The direct lane answers collection and record GETs without the framework, with the
same bytes the framework's routes give; other requests still go through the framework."""

from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from briefings.app import create_app
from briefings.config import Settings
from briefings.kit.lane import Lane
from briefings.resources import REGISTRY
from briefings.serving.cache import Edge, Message, Receive, Scope, Send
from briefings.serving.freshness import revision_clock

REQUESTS = [
    "/v1/statements?limit=3",
    "/v1/statements?country=KG&facet=kind&fields=id,kind&limit=3",
    "/v1/statements?area=water&limit=2&sort=-id",
    "/v1/statements?country=KZ&country=KG&sort=date,-kind&limit=4",
    "/v1/statements?kind=nope&limit=0",
    "/v1/statements?cursor=not-ours",
    "/v1/visits?format=csv",
    "/v1/figures?sort=value&limit=2&include=areas",
    "/v1/actors/murat-nurtleu",
    "/v1/cooperation-areas/water?fields=name",
    "/v1/actors/nobody-here",
    "/v1/places?q=Bichkek",
]


class Counting:
    """The framework, counting the requests that reach it."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.calls = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        await self.app(scope, receive, send)


def _server(engine: Engine, lane: bool) -> tuple[TestClient, Counting]:
    app = create_app(Settings(database_url=str(engine.url), response_cache_bytes=0), engine)
    framework = Counting(app)
    edge = Edge(framework, revision_clock(engine, 0), 0, Lane(app, REGISTRY) if lane else None)
    return TestClient(edge, raise_server_exceptions=False), framework


def _comparable(headers: Any, body: bytes) -> tuple[list[tuple[str, str]], Any]:
    kept = [(k, v) for k, v in headers.items() if k not in ("x-request-id", "date")]
    if headers.get("content-type") == "application/problem+json":
        problem: dict[str, Message] = orjson.loads(body)
        problem.pop("request_id", None)
        return kept, problem
    return kept, body


@pytest.mark.parametrize("url", REQUESTS)
def test_the_lane_answers_with_the_framework_s_bytes(seeded_engine: Engine, url: str) -> None:
    lane, through_lane = _server(seeded_engine, lane=True)
    framework, _ = _server(seeded_engine, lane=False)
    direct = lane.get(url)
    routed = framework.get(url)
    assert through_lane.calls == 0
    assert direct.status_code == routed.status_code
    assert _comparable(direct.headers, direct.content) == _comparable(
        routed.headers, routed.content
    )


@pytest.mark.parametrize(
    ("method", "url", "headers"),
    [
        ("HEAD", "/v1/statements", {}),
        ("GET", "/v1/statements", {"Origin": "https://app.example"}),
        ("GET", "/v1/search?q=eau", {}),
        ("GET", "/healthz", {}),
        ("GET", "/v1/statements/", {}),
        ("POST", "/v1/statements", {}),
    ],
)
def test_other_requests_go_through_the_framework(
    seeded_engine: Engine, method: str, url: str, headers: dict[str, str]
) -> None:
    client, framework = _server(seeded_engine, lane=True)
    client.request(method, url, headers=headers)
    assert framework.calls == 1


def test_an_unexpected_failure_in_the_lane_is_a_problem_without_a_trace(
    seeded_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefings.kit.lane as lane_module

    def fail(*_args: object) -> None:
        raise RuntimeError("boom: secret detail")

    monkeypatch.setattr(lane_module, "list_records", fail)
    client, framework = _server(seeded_engine, lane=True)
    response = client.get("/v1/statements")
    assert framework.calls == 0
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["request_id"] == response.headers["x-request-id"]
    assert "boom" not in response.text
