"""API keys: made, listed and revoked by the command, stored as hashes; writes need one
with the write scope (401 without, 403 without the scope); reads need none."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from briefings.cli import main
from briefings.config import get_settings
from briefings.db import get_engine
from briefings.models import ApiKey
from support import Databases, api_key, make_client

DOCUMENT = {"source": "kazakhstan-kyrgyzstan-2025-08-01"}


@pytest.fixture
def cli_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'keys.db'}"
    monkeypatch.setenv("BRIEFINGS_DATABASE_URL", url)
    get_engine.cache_clear()
    get_settings.cache_clear()
    yield url
    get_engine().dispose()
    get_engine.cache_clear()
    get_settings.cache_clear()


def test_a_key_is_printed_once_as_the_last_line_and_stored_as_its_hash(
    cli_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "create", "--name", "newsroom", "--scope", "write"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert token.startswith("brf_")
    assert len(token) > 40

    assert main(["keys", "list"]) == 0
    listed = capsys.readouterr().out
    assert listed.startswith("newsroom\twrite\tcreated ")
    assert "active" in listed
    assert token not in listed
    with get_engine().connect() as connection:
        stored = connection.execute(select(ApiKey.token_sha256)).scalars().all()
    assert len(stored) == 1
    assert token not in stored[0]


def test_a_second_key_of_the_same_name_and_an_unknown_revoke_are_refused(
    cli_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "create", "--name", "newsroom"]) == 0
    assert main(["keys", "create", "--name", "newsroom"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["keys", "revoke", "nobody"]) == 1
    assert "no active key named 'nobody'" in capsys.readouterr().err
    assert main(["keys", "create", "--name", "Bad Name"]) == 1


def test_writing_without_a_key_is_401_with_a_challenge(seeded_engine: Engine) -> None:
    client = make_client(seeded_engine)
    response = client.post("/v1/imports", json=DOCUMENT)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"] == 'Bearer realm="briefings"'
    assert "Authorization: Bearer" in response.json()["detail"]


@pytest.mark.parametrize(
    "header", ["Bearer brf_not-a-key", "Basic dXNlcjpwYXNz", "Bearer", "brf_no-scheme"]
)
def test_a_bad_key_is_401(seeded_engine: Engine, header: str) -> None:
    client = make_client(seeded_engine)
    response = client.post("/v1/imports", json=DOCUMENT, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith('Bearer realm="briefings", error=')


def test_a_revoked_key_is_401_and_a_read_key_is_403(
    databases: Databases, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = databases.seeded()
    client = make_client(engine)
    writer = api_key(engine, "desk")
    reader = api_key(engine, "partner", scope="read")
    assert client.post("/v1/imports", json=DOCUMENT, headers=writer).status_code == 201

    forbidden = client.post("/v1/imports", json=DOCUMENT, headers=reader)
    assert forbidden.status_code == 403
    assert forbidden.json()["detail"] == (
        "the key 'partner' has scope 'read'; writing needs scope 'write'"
    )
    from briefings.changes.lock import writing
    from briefings.keys.store import revoke_key

    with writing(engine) as session:
        revoke_key(session, "desk")
    assert client.post("/v1/imports", json=DOCUMENT, headers=writer).status_code == 401
    # Reads stay open.
    assert client.get("/v1/statements?limit=1").status_code == 200
