"""One log line per request, naming its route template and request id; JSON on demand."""

import json
import logging
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from briefings.app import create_app
from briefings.config import Settings
from briefings.serving.server import Server
from serving.live import serving

VISIT_ID = "nurtleu-bishkek-2025-08-01"


def test_each_request_is_logged_with_its_template_and_request_id(
    seeded_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(database_url=str(seeded_engine.url), access_log=True)
    app = create_app(settings, seeded_engine)
    client = TestClient(Server(app), client=("192.0.2.8", 5000))

    with caplog.at_level(logging.INFO, logger="briefings.access"):
        answer = client.get("/v1/actors/murat-nurtleu")

    [record] = [r for r in caplog.records if r.name == "briefings.access"]
    request_id = answer.headers["x-request-id"]
    assert record.getMessage().startswith(
        f'192.0.2.8 {request_id} "GET /v1/actors/{{record_id}}" 200 '
    )
    assert record.__dict__["route"] == "/v1/actors/{record_id}"


def test_no_request_is_logged_when_the_access_log_is_off(
    seeded_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(Settings(database_url=str(seeded_engine.url)), seeded_engine)
    client = TestClient(Server(app))

    with caplog.at_level(logging.INFO, logger="briefings.access"):
        assert client.get("/v1/places").status_code == 200

    assert [r for r in caplog.records if r.name == "briefings.access"] == []


def test_json_logs_carry_the_server_lines_and_each_request(tmp_path: Path) -> None:
    with serving(tmp_path, log_format="json", access_log="true") as base:
        answer = httpx.get(f"{base}/v1/visits/{VISIT_ID}", timeout=5)
    assert answer.status_code == 200

    lines = (tmp_path / "server.log").read_text().splitlines()
    # The one line `serve` prints itself before the server starts is not a log line.
    logged = [json.loads(line) for line in lines if not line.startswith("seeded ")]
    assert {"Application startup complete.", "Finished server process"} <= {
        entry["message"].split(" [")[0] for entry in logged
    }
    [request] = [entry for entry in logged if entry.get("route") == "/v1/visits/{record_id}"]
    assert request["method"] == "GET"
    assert request["status"] == 200
    assert request["request_id"] == answer.headers["x-request-id"]
    assert request["client"] == "127.0.0.1"
    assert request["duration_ms"] > 0
    assert request["logger"] == "briefings.access"
