"""The `briefings` command, called in process, and `briefings serve` as a real server."""

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import OperationalError

from briefings import migrations
from briefings.cli import main
from briefings.config import get_settings
from briefings.db import get_engine
from support import POSTGRES_URL, SEED_FILE, SEEDS_DIR, Databases, copy_seeds, snapshot

VISIT_ID = "nurtleu-bishkek-2025-08-01"
SERVER_START_SECONDS = 20


def _clear_caches() -> None:
    if get_engine.cache_info().currsize:
        get_engine().dispose()
    get_engine.cache_clear()
    get_settings.cache_clear()


@pytest.fixture
def use_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """Points the settings at a SQLite file that does not exist yet; yields its path."""
    database = tmp_path / "cli.db"
    monkeypatch.setenv("BRIEFINGS_DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("BRIEFINGS_SEEDS_DIR", str(SEEDS_DIR))
    _clear_caches()
    yield database
    _clear_caches()


def test_check_seeds_validates_and_writes_nothing(
    use_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check-seeds"]) == 0
    assert capsys.readouterr().out.startswith("seeds are valid: ")
    assert not use_database.exists()


def test_check_seeds_rejects_a_bad_folder_on_stderr(
    use_database: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, folder)
    seed_file = folder / SEED_FILE
    seed_file.write_text(
        seed_file.read_text(encoding="utf-8").replace(
            "    speaker: murat-nurtleu\n", "    speaker: nobody\n"
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("BRIEFINGS_SEEDS_DIR", str(folder))
    _clear_caches()

    assert main(["check-seeds"]) == 1
    assert main(["seed"]) == 1

    captured = capsys.readouterr()
    assert "nothing was written" in captured.err
    assert f"{SEED_FILE}:" in captured.err
    assert "(id 'nurtleu-trade-quote'): speaker: unknown actor 'nobody'" in captured.err
    # The files are checked before the database is touched: not even a file was made.
    assert leftovers(use_database) == []


def leftovers(database: Path) -> list[str]:
    """The database file and its -wal, -shm or -journal, if any is there."""
    return sorted(path.name for path in database.parent.glob(f"{database.name}*"))


@pytest.mark.parametrize("argv", [["seed"], ["migrate"]])
def test_a_command_failing_on_a_new_database_leaves_no_file(
    argv: list[str],
    use_database: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def fail(*_args: object) -> None:
        raise OperationalError("INSERT ...", {}, sqlite3.OperationalError("disk I/O error"))

    # Fails after the schema (seed) or part of it (migrate) is written.
    monkeypatch.setattr(
        "briefings.lifecycle.apply_load"
        if argv == ["seed"]
        else "briefings.lifecycle.bodies.render_stale",
        fail,
    )

    assert main(argv) == 1

    err = capsys.readouterr().err
    assert err == f"briefings {argv[0]}: database error, nothing was written: disk I/O error\n"
    assert leftovers(use_database) == []


def test_check_seeds_rejects_an_empty_folder(
    use_database: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    monkeypatch.setenv("BRIEFINGS_SEEDS_DIR", str(folder))
    _clear_caches()

    assert main(["check-seeds"]) == 1
    assert main(["seed"]) == 1

    err = capsys.readouterr().err
    assert f"{folder}: folder: no seed file (*.yaml or *.yml) in the folder" in err
    assert leftovers(use_database) == []


def test_migrate_brings_an_empty_database_to_the_head(
    use_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    head = migrations.head_revision()

    assert main(["migrate"]) == 0
    assert capsys.readouterr().out.strip() == f"database at {head} (was empty)"
    assert main(["migrate"]) == 0
    assert capsys.readouterr().out.strip() == f"database at {head} (was {head})"
    assert "statements" in inspect(get_engine()).get_table_names()


def test_seed_twice_changes_nothing_the_second_time(
    databases: Databases,
    use_database: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BRIEFINGS_DATABASE_URL", databases.url())
    _clear_caches()

    assert main(["seed"]) == 0
    first = capsys.readouterr().out
    assert " inserted, 0 updated, 0 deleted, 0 unchanged (data revision 1)" in first
    assert not first.startswith("0 inserted")

    assert main(["seed"]) == 0
    second = capsys.readouterr().out
    assert second.startswith("0 inserted, 0 updated, 0 deleted, ")
    assert second.rstrip().endswith("(data revision 1)")


def test_seed_deletes_a_record_dropped_from_the_files_after_a_dry_run(
    databases: Databases,
    use_database: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BRIEFINGS_DATABASE_URL", databases.url())
    _clear_caches()
    assert main(["seed"]) == 0
    capsys.readouterr()
    folder = copy_seeds(tmp_path)
    seed_file = folder / SEED_FILE
    text = seed_file.read_text(encoding="utf-8")
    start = text.index("  - id: nurtleu-trade-quote\n")
    end = text.index("  - id: trade-target-ambition-kazakhstan\n")
    seed_file.write_text(text[:start] + text[end:], encoding="utf-8")
    monkeypatch.setenv("BRIEFINGS_SEEDS_DIR", str(folder))
    _clear_caches()
    before = snapshot(get_engine())

    assert main(["seed", "--dry-run"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "statement: delete 1: nurtleu-trade-quote",
        "dry run: 0 inserted, 0 updated, 1 deleted, 54 unchanged; nothing was written",
    ]
    assert snapshot(get_engine()) == before

    assert main(["seed"]) == 0
    assert capsys.readouterr().out == (
        "0 inserted, 0 updated, 1 deleted, 54 unchanged (data revision 2)\n"
    )


def test_a_dry_run_on_a_new_database_makes_no_file(
    use_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["seed", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "statement: insert 16: " in out
    assert out.endswith(
        "dry run: 55 inserted, 0 updated, 0 deleted, 0 unchanged; nothing was written\n"
    )
    assert leftovers(use_database) == []


def test_prune_needs_a_database_and_a_known_origin(
    use_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["prune", "--origin", "synthetic"]) == 1
    assert capsys.readouterr().err == f"briefings prune: there is no database at {use_database}\n"
    with pytest.raises(SystemExit) as exited:
        main(["prune", "--origin", "synthtic"])
    assert exited.value.code == 2
    assert "invalid choice: 'synthtic'" in capsys.readouterr().err
    assert leftovers(use_database) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["serve", "--port", "0"],
        ["serve", "--port", "65536"],
        ["serve", "--port", "http"],
        ["serve", "--workers", "-1"],
        ["serve", "--workers", "0"],
        ["serve", "--bogus"],
        ["frobnicate"],
        [],
    ],
    ids=lambda argv: " ".join(argv) or "no command",
)
def test_nonsense_arguments_are_a_usage_error(
    argv: list[str], use_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert "usage: briefings" in capsys.readouterr().err
    assert not use_database.exists()


# --- a real server ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(tmp_path: Path, *args: str, **settings: str) -> Iterator[str]:
    """`briefings serve` as a real process in ``tmp_path``, with only the given settings."""
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("BRIEFINGS_")}
    env.update({f"BRIEFINGS_{name.upper()}": value for name, value in settings.items()})
    log = tmp_path / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "briefings.cli", "serve", "--port", str(port), *args],
            cwd=tmp_path,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server exited with {process.returncode}:\n{log.read_text()}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                waited = f"{SERVER_START_SECONDS} s"
                pytest.fail(f"no answer on {base}/healthz in {waited}:\n{log.read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    # SIGTERM is a graceful stop: uvicorn closes the listening sockets, lets the answers
    # in flight finish, then ends by the signal it was sent.
    stopped = log.read_text()
    assert process.returncode in (0, -signal.SIGTERM), f"exit {process.returncode}:\n{stopped}"
    assert "Finished server process" in stopped, stopped


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """`briefings serve` in a fresh folder, with no BRIEFINGS_* setting: the defaults."""
    with serving(tmp_path) as base:
        yield base


def test_serve_migrates_seeds_and_serves_an_empty_folder(server: str, tmp_path: Path) -> None:
    assert (tmp_path / "briefings.db").exists()
    assert "seeded an empty database" in (tmp_path / "server.log").read_text()

    ready = httpx.get(f"{server}/readyz", timeout=5)
    assert ready.status_code == 200, ready.text

    # The seeded visit is served: the database the server made for itself is usable.
    visits = httpx.get(f"{server}/v1/visits", timeout=5)
    assert visits.status_code == 200, visits.text
    assert visits.headers["content-type"].startswith("application/")
    assert "json" in visits.headers["content-type"]
    assert VISIT_ID in {item["id"] for item in _items(visits.json())}


def _items(body: object) -> list[dict[str, object]]:
    """The records of a list answer, whatever the envelope calls its list."""
    if isinstance(body, list):
        return body
    assert isinstance(body, dict), body
    lists = [value for value in body.values() if isinstance(value, list)]
    assert len(lists) == 1, f"expected one list in the envelope, got {list(body)}"
    items: list[dict[str, object]] = lists[0]
    return items


@pytest.mark.postgres
def test_serve_with_two_workers_on_postgresql(tmp_path: Path) -> None:
    if POSTGRES_URL is None:
        pytest.skip("BRIEFINGS_TEST_POSTGRES_URL is not set")
    databases = Databases("postgres", tmp_path)
    try:
        url = databases.url()
        with serving(tmp_path, "--workers", "2", database_url=url) as base:
            assert "seeded an empty database" in (tmp_path / "server.log").read_text()
            # The workers share the listening socket; every answer must be the same.
            for _ in range(20):
                visits = httpx.get(f"{base}/v1/visits", timeout=5)
                assert visits.status_code == 200, visits.text
                assert VISIT_ID in {item["id"] for item in _items(visits.json())}
            assert httpx.get(f"{base}/readyz", timeout=5).status_code == 200
    finally:
        databases.close()
