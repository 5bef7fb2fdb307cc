"""One request path: a step given to create_server sees every request, whatever answers it.

The steps sit in front of the response cache, so a replayed answer and a 304 from memory
pass them like a fresh read; errors of every kind too.
"""

import gc
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from briefings.config import Settings
from briefings.kit.collection import list_records as real_list_records
from briefings.serving.server import create_server

ITEM = "/v1/actors/murat-nurtleu"


@dataclass
class Seen:
    """What a counting step saw: method, path, status and the request id, per request."""

    requests: list[tuple[str, str, int, str]] = field(default_factory=list)


class Counting:
    """A cross-cutting step, as a rate limit or a metrics counter would be."""

    def __init__(self, app: ASGIApp, seen: Seen) -> None:
        self.app = app
        self.seen = seen

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def counted(message: Message) -> None:
            if message["type"] == "http.response.start":
                request_id = scope["state"]["request_id"]
                self.seen.requests.append(
                    (scope["method"], scope["path"], message["status"], request_id)
                )
            await send(message)

        await self.app(scope, receive, counted)


@pytest.fixture
def framework_lists(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Paths of the list requests that reached the framework's handler."""
    reached: list[str] = []

    def list_records(request, session, registry, resource):  # type: ignore[no-untyped-def]
        reached.append(request.url.path)
        if request.query_params.get("sort") == "fail":
            raise RuntimeError("injected failure")
        return real_list_records(request, session, registry, resource)

    monkeypatch.setattr("briefings.kit.routes.list_records", list_records)
    return reached


def test_a_step_sees_every_kind_of_request_and_every_error(
    seeded_engine: Engine, framework_lists: list[str]
) -> None:
    seen = Seen()
    server = create_server(
        Settings(database_url=str(seeded_engine.url)),
        seeded_engine,
        steps=[lambda app: Counting(app, seen)],
    )
    client = TestClient(server, raise_server_exceptions=False)
    first = client.get("/v1/places")
    etag = first.headers["etag"]
    requests = [
        ("GET", "/v1/places", {}, 200),  # the same request again: a replay from memory
        ("GET", "/v1/places", {"If-None-Match": etag}, 304),  # from memory too
        ("GET", ITEM, {}, 200),
        ("GET", "/v1/search?q=eau", {}, 200),
        ("HEAD", "/v1/statements", {}, 200),
        ("GET", "/v1/visits", {"Origin": "https://app.example.org"}, 200),
        ("GET", "/v1/visits?limit=0", {}, 400),
        ("GET", "/v1/actors/nobody-here", {}, 404),
        ("GET", "/v2/visits", {}, 404),
        ("POST", "/v1/visits", {}, 405),
        ("GET", ITEM, {"Accept": "text/csv"}, 406),
        ("GET", "/v1/visits?sort=fail", {}, 500),
        ("GET", "/v1/changes", {}, 200),
        ("GET", f"{ITEM}/history", {}, 200),
        ("PATCH", ITEM, {}, 401),  # the writes and their key check are behind the steps too
        ("POST", "/v1/imports", {}, 401),
        ("GET", "/healthz", {}, 200),
        ("GET", "/openapi.json", {}, 200),
    ]
    answered = []
    for method, url, headers, _ in requests:
        response = client.request(method, url, headers=headers)
        answered.append((method, url.split("?")[0], response.status_code, response.headers))

    assert [status for _, _, status, _ in answered] == [status for *_, status in requests]
    assert seen.requests == [
        ("GET", "/v1/places", 200, first.headers["x-request-id"]),
        *[(m, path, status, headers["x-request-id"]) for m, path, status, headers in answered],
    ]
    # The replay and the 304 were answered in front of the framework, and still counted.
    assert framework_lists.count("/v1/places") == 1


class Named:
    def __init__(self, app: ASGIApp, name: str, order: list[str]) -> None:
        self.app = app
        self.name = name
        self.order = order

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.order.append(self.name)
        await self.app(scope, receive, send)


def test_steps_run_in_the_order_given_in_front_of_the_edge(seeded_engine: Engine) -> None:
    order: list[str] = []
    server = create_server(
        Settings(database_url=str(seeded_engine.url)),
        seeded_engine,
        steps=[lambda app: Named(app, "a", order), lambda app: Named(app, "b", order)],
    )
    answer = TestClient(server).get("/healthz", headers={"X-Request-Id": "r1"})
    assert order == ["a", "b"]
    assert answer.headers["x-request-id"] == "r1"


def test_building_a_server_leaves_the_collector_alone(seeded_engine: Engine) -> None:
    frozen = gc.get_freeze_count()
    create_server(Settings(database_url=str(seeded_engine.url)), seeded_engine)
    assert gc.get_freeze_count() == frozen


def test_the_served_factory_freezes_what_start_up_built(tmp_path: Path) -> None:
    script = (
        "import gc; from briefings.serving.server import served; "
        "before = gc.get_freeze_count(); served(); "
        "print(before == 0 and gc.get_freeze_count() > 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "BRIEFINGS_DATABASE_URL": f"sqlite:///{tmp_path / 'served.db'}"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "True"
