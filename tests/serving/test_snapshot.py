"""An answer's revision and its rows come from one snapshot of the database, and the
response cache keeps only answers read at the revision that is current."""

import asyncio
from typing import Any

import orjson
import pytest
from sqlalchemy import Engine, event, text
from starlette.types import Message, Receive, Scope, Send

from briefings.kit.plans import Plan
from briefings.serving.cache import ResponseCache
from briefings.serving.edge import Edge
from support import Databases, make_client

PAGE = "/v1/statements?limit=1"


def _commit_a_change(engine: Engine, record_id: str) -> None:
    """Another writer: a new body for one record and the revision moved, in one commit."""
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE statements SET body = :body WHERE id = :id"),
            {"body": orjson.dumps({"id": record_id, "type": "statement"}), "id": record_id},
        )
        connection.execute(text("UPDATE data_revision SET revision = revision + 1 WHERE id = 1"))


@pytest.mark.parametrize(
    ("lands", "moved"),
    [
        pytest.param("between the revision and the rows", 0, id="during"),
        pytest.param("as the read begins", 1, id="before"),
    ],
)
def test_an_answer_s_revision_and_rows_come_from_one_snapshot(
    databases: Databases, monkeypatch: pytest.MonkeyPatch, lands: str, moved: int
) -> None:
    engine = databases.seeded()
    client = make_client(engine, response_cache_bytes=0, revision_poll_seconds=0)
    before = client.get(PAGE).json()
    record_id = before["data"][0]["id"]
    landed: list[str] = []

    def commit_once() -> None:
        if not landed:
            landed.append(lands)
            _commit_a_change(engine, record_id)

    if lands == "as the read begins":
        event.listen(engine, "begin", lambda _connection: commit_once())
    else:
        rows = Plan.rows

        def rows_after_a_commit(plan: Plan, *args: Any) -> list[tuple[Any, ...]]:
            commit_once()
            return rows(plan, *args)

        monkeypatch.setattr(Plan, "rows", rows_after_a_commit)
    during = client.get(PAGE).json()

    assert landed == [lands]
    assert during["meta"]["revision"] == before["meta"]["revision"] + moved
    changed = [{"id": record_id, "type": "statement"}]
    assert during["data"] == (changed if moved else before["data"])
    after = client.get(PAGE).json()
    assert after["meta"]["revision"] == before["meta"]["revision"] + 1
    assert after["data"] == changed


class FakeClock:
    def __init__(self, revision: int) -> None:
        self.revision = revision

    def current(self) -> int:
        return self.revision


def _get(app: Any, path: str = "/v1/things") -> int:
    statuses: list[int] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    scope = {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []}
    asyncio.run(app(scope, receive, send))
    return statuses[0]


@pytest.mark.parametrize(("read_at", "kept"), [(7, True), (8, False), (None, False)])
def test_the_cache_keeps_an_answer_only_at_the_current_revision(
    read_at: int | None, kept: bool
) -> None:
    calls: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        calls.append(scope["path"])
        if read_at is not None:
            scope["state"]["revision"] = read_at
        await send({"type": "http.response.start", "status": 200, "headers": [(b"etag", b'"e"')]})
        await send({"type": "http.response.body", "body": b"{}"})

    cache = Edge(app, ResponseCache(FakeClock(7), 1 << 20))
    assert _get(cache) == _get(cache) == 200
    assert len(calls) == (1 if kept else 2)
