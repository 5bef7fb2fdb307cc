"""/readyz notices a SQLite file deleted or replaced under a running server, and the
server then serves the file that is there now."""

import os
import sqlite3
from contextlib import closing
from pathlib import Path

import httpx

from briefings.errors import PROBLEM_BASE
from serving.live import serving

VISITS = "/v1/visits"


def edited_copy(database: Path, copy: Path) -> None:
    """A consistent copy of the database whose visit bodies differ, at the same data
    revision: only noticing the new file can tell the server its answers are stale."""
    with closing(sqlite3.connect(database)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
        # A whole file, as a restore brings one: its edits in it, not in a -wal beside it.
        target.execute("PRAGMA journal_mode=DELETE")
        target.execute(
            "UPDATE visits SET body = CAST(replace(CAST(body AS TEXT), 'bishkek', 'BISHKEK')"
            " AS BLOB)"
        )
        target.commit()


def test_a_replaced_database_file_is_noticed_and_then_served(tmp_path: Path) -> None:
    database = tmp_path / "briefings.db"
    with serving(tmp_path) as base:
        before = httpx.get(f"{base}{VISITS}", timeout=10)
        assert before.status_code == 200
        assert httpx.get(f"{base}/readyz", timeout=10).status_code == 200

        copy = tmp_path / "next.db"
        edited_copy(database, copy)
        os.replace(copy, database)

        noticed = httpx.get(f"{base}/readyz", timeout=10)
        assert noticed.status_code == 503
        assert noticed.json()["type"] == PROBLEM_BASE + "not-ready"
        assert "was replaced" in noticed.json()["detail"]
        assert httpx.get(f"{base}/readyz", timeout=10).status_code == 200
        after = httpx.get(f"{base}{VISITS}", timeout=10)
        assert after.status_code == 200
        assert after.content != before.content


def test_a_deleted_database_file_makes_the_server_unready(tmp_path: Path) -> None:
    database = tmp_path / "briefings.db"
    with serving(tmp_path) as base:
        assert httpx.get(f"{base}/readyz", timeout=10).status_code == 200
        database.rename(tmp_path / "elsewhere.db")
        gone = httpx.get(f"{base}/readyz", timeout=10)
        assert gone.status_code == 503
        assert gone.json()["detail"] == "the database file briefings.db is missing"
