"""Answers served from memory are never older than the data.

A client reads, the data changes (a seed commits, here or in another process), and the
next read must show the change with a new ETag; an old ETag must no longer get a 304.
"""

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from briefings.lifecycle import seed
from support import POSTGRES_URL, Databases, copy_seeds, edit, make_client

URL = "/v1/statements/kyrgyzstan-water-commitment"
OLD = "In return, Bishkek commits to ensuring rational management of its water resources"
NEW = "In return, Bishkek undertakes to manage its water resources rationally"


def changed_seeds(tmp_path: Path) -> Path:
    folder = copy_seeds(tmp_path)
    edit(folder, OLD, NEW)
    return folder


def translation(client: TestClient, headers: dict[str, str] | None = None) -> str:
    response = client.get(URL, headers=headers or {})
    assert response.status_code == 200
    value: str = response.json()["data"]["translation"]
    return value


def test_a_repeated_read_is_served_from_memory_with_the_same_bytes(databases: Databases) -> None:
    client = make_client(databases.seeded())
    first = client.get(URL)
    second = client.get(URL)
    assert second.content == first.content
    assert second.headers["etag"] == first.headers["etag"]
    cache = client.app.cache  # type: ignore[attr-defined]
    assert len(cache.entries) >= 1


def test_the_next_read_after_a_load_sees_the_change(databases: Databases, tmp_path: Path) -> None:
    engine = databases.seeded()
    client = make_client(engine, revision_poll_seconds=0)
    before = client.get(URL)
    assert before.json()["data"]["translation"] == OLD
    seed(engine, changed_seeds(tmp_path))
    after = client.get(URL)
    assert after.json()["data"]["translation"] == NEW
    assert after.headers["etag"] != before.headers["etag"]
    assert client.get(URL, headers={"If-None-Match": before.headers["etag"]}).status_code == 200
    assert client.get(URL, headers={"If-None-Match": after.headers["etag"]}).status_code == 304


def test_lists_and_their_totals_follow_a_load(databases: Databases, tmp_path: Path) -> None:
    engine = databases.seeded()
    client = make_client(engine, revision_poll_seconds=0)
    assert client.get("/v1/statements?q=undertakes").json()["meta"]["total"] == 0
    seed(engine, changed_seeds(tmp_path))
    body = client.get("/v1/statements?q=undertakes").json()
    assert body["meta"]["total"] == 1
    assert [item["id"] for item in body["data"]] == ["kyrgyzstan-water-commitment"]


def test_records_kept_as_json_for_pages_follow_a_load(databases: Databases, tmp_path: Path) -> None:
    engine = databases.seeded()
    client = make_client(engine, response_cache_bytes=0, revision_poll_seconds=0)
    page = "/v1/statements?kind=commitment"
    assert client.get(page).json()["data"][0]["translation"] == OLD
    seed(engine, changed_seeds(tmp_path))
    assert client.get(page).json()["data"][0]["translation"] == NEW
    assert NEW in client.get(page, headers={"Accept": "application/x-ndjson"}).text


def test_a_load_by_another_process_is_seen_at_once_on_sqlite(
    databases: Databases, tmp_path: Path
) -> None:
    if databases.backend != "sqlite":
        pytest.skip("the SQLite path; PostgreSQL is bounded by the poll interval")
    engine = databases.seeded()
    client = make_client(engine)
    assert translation(client) == OLD
    environment = {
        **os.environ,
        "BRIEFINGS_DATABASE_URL": str(engine.url),
        "BRIEFINGS_SEEDS_DIR": str(changed_seeds(tmp_path)),
    }
    subprocess.run(
        [sys.executable, "-m", "briefings.cli", "seed"],
        env=environment,
        check=True,
        capture_output=True,
    )
    assert translation(client) == NEW


@pytest.mark.postgres
def test_processes_sharing_postgresql_see_a_commit_within_the_poll_interval(
    tmp_path: Path, client_factory: Callable[..., TestClient]
) -> None:
    if POSTGRES_URL is None:
        pytest.skip("BRIEFINGS_TEST_POSTGRES_URL is not set")
    databases = Databases("postgres", tmp_path)
    try:
        engine = databases.seeded()
        bound = 0.5
        reader = client_factory(engine, revision_poll_seconds=bound)
        assert translation(reader) == OLD
        other_process: Engine = databases.engines[-1]
        seed(other_process, changed_seeds(tmp_path))
        deadline = time.monotonic() + bound + 0.5
        while translation(reader) != NEW:
            assert time.monotonic() < deadline, (
                "a commit stayed invisible past the documented bound"
            )
            time.sleep(0.05)
    finally:
        databases.close()


def test_cached_answers_are_kept_apart_by_representation_and_origin(databases: Databases) -> None:
    client = make_client(databases.seeded())
    as_json = client.get("/v1/places")
    as_csv = client.get("/v1/places", headers={"Accept": "text/csv"})
    again_json = client.get("/v1/places")
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert again_json.content == as_json.content
    with_origin = client.get("/v1/places", headers={"Origin": "https://app.example.org"})
    assert with_origin.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-origin" not in client.get("/v1/places").headers


def test_errors_are_never_replayed_from_memory(databases: Databases) -> None:
    client = make_client(databases.seeded())
    first = client.get("/v1/places?bogus=1")
    second = client.get("/v1/places?bogus=1")
    assert first.status_code == second.status_code == 400
    assert first.json()["request_id"] != second.json()["request_id"]


def test_a_cache_of_zero_bytes_serves_everything_fresh(databases: Databases) -> None:
    client = make_client(databases.seeded(), response_cache_bytes=0)
    assert client.get("/v1/places").status_code == 200
    assert client.app.cache.entries == {}  # type: ignore[attr-defined]


READER = """
import os, sqlite3, sys
from briefings.serving.freshness import SqliteRevision

path = sys.argv[1]
setup = sqlite3.connect(path)
setup.execute("PRAGMA journal_mode=WAL")
setup.execute("CREATE TABLE data_revision (id INTEGER PRIMARY KEY, revision INTEGER)")
setup.execute("INSERT INTO data_revision VALUES (1, 1)")
setup.commit()
held = sqlite3.connect(path)  # the server's own pool, holding the WAL index open
held.execute("SELECT 1 FROM data_revision").fetchall()
inode = os.stat(path + "-shm").st_ino


def locks():
    # /proc/locks: "1: POSIX ADVISORY READ 1234 08:01:5678 128 128"
    mine = []
    for line in open("/proc/locks"):
        fields = line.split()
        if fields[4] == str(os.getpid()) and fields[5].split(":")[-1] == str(inode):
            mine.append(" ".join(fields[1:4] + fields[6:]))
    return sorted(mine)


before = locks()
clock = SqliteRevision(path)
assert clock.current() == 1
print(before != [] and locks() == before)
"""


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads Linux's /proc/locks")
def test_the_revision_clock_leaves_sqlites_locks_on_the_wal_index_alone(tmp_path: Path) -> None:
    """The clock keeps the -shm file open while it maps it: closing a descriptor of a file
    drops every POSIX lock the process holds on it, and without SQLite's own a writer in
    another process rebuilds the WAL index under the mapping (the server died of SIGBUS
    while `seed` ran)."""
    database = tmp_path / "data.db"
    done = subprocess.run(
        [sys.executable, "-c", READER, str(database)], capture_output=True, text=True, timeout=120
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"
