"""Two linters no one here wrote, with their stock rules, find no error in the document.

Warnings left, on purpose: no `contact` in `info` (the project names none) and no 4xx
answer on /healthz and /readyz (they take no input to refuse)."""

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clients.node import CLIENTS, run, tool
from support import Databases

LINT = CLIENTS / "lint"


@pytest.fixture
def published(client: TestClient, databases: Databases, tmp_path: Path) -> Path:
    if databases.backend != "sqlite":
        pytest.skip("the document is the same on every backend; linting it once is enough")
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(client.get("/openapi.json").json()))
    return path


def test_redocly_finds_no_error(published: Path) -> None:
    redocly = tool("lint", "redocly")
    done = run([redocly, "lint", "--format=json", published], LINT)
    report = json.loads(done.stdout)
    errors = [problem for problem in report["problems"] if problem["severity"] == "error"]
    assert errors == []
    assert report["totals"]["errors"] == 0


def test_spectral_finds_no_error(published: Path) -> None:
    spectral = tool("lint", "spectral")
    done = run(
        [spectral, "lint", "--format=json", "--quiet", "--ruleset=.spectral.yaml", published], LINT
    )
    # Spectral's severities: 0 error, 1 warning, 2 information, 3 hint.
    errors = [result for result in json.loads(done.stdout) if result["severity"] == 0]
    assert errors == []
