"""The `briefings` command, called in process, and `briefings serve` as a real server."""

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import httpx
import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import OperationalError

from briefings import migrations
from briefings.cli import main
from briefings.config import get_settings
from briefings.db import get_engine
from serving.live import serving
from support import POSTGRES_URL, SEED_FILE, SEEDS_DIR, Databases, copy_seeds, snapshot

VISIT_ID = "nurtleu-bishkek-2025-08-01"


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
            "    speakers: [murat-nurtleu]\n", "    speakers: [nobody]\n"
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
    assert "(id 'nurtleu-trade-quote'): speakers: unknown actor 'nobody'" in captured.err
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
    end = text.index("  - id: trade-target-ambition\n")
    seed_file.write_text(text[:start] + text[end:], encoding="utf-8")
    monkeypatch.setenv("BRIEFINGS_SEEDS_DIR", str(folder))
    _clear_caches()
    before = snapshot(get_engine())

    assert main(["seed", "--dry-run"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "statement: delete 1: nurtleu-trade-quote",
        "dry run: 0 inserted, 0 updated, 1 deleted, 51 unchanged; nothing was written",
    ]
    assert snapshot(get_engine()) == before

    assert main(["seed"]) == 0
    assert capsys.readouterr().out == (
        "0 inserted, 0 updated, 1 deleted, 51 unchanged (data revision 2)\n"
    )


def test_a_dry_run_on_a_new_database_makes_no_file(
    use_database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["seed", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "statement: insert 13: " in out
    assert out.endswith(
        "dry run: 52 inserted, 0 updated, 0 deleted, 0 unchanged; nothing was written\n"
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


# --- faults the commands end on in one line ----------------------------------------------


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        (
            "CORS_ORIGINS",
            "https://a.example",
            "BRIEFINGS_CORS_ORIGINS: cannot be read (Expecting value: line 1 column 1 (char 0));"
            " lists are given as JSON",
        ),
        (
            "MAX_CONNECTIONS",
            "-3",
            "BRIEFINGS_MAX_CONNECTIONS: input should be greater than or equal to 1 (got '-3')",
        ),
        ("HEADER_TIMEOUT_SECONDS", "soon", "BRIEFINGS_HEADER_TIMEOUT_SECONDS: input should be"),
    ],
)
@pytest.mark.parametrize("command", ["serve", "migrate", "seed"])
def test_a_malformed_setting_ends_the_command_in_one_line(
    command: str,
    variable: str,
    value: str,
    said: str,
    use_database: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(f"BRIEFINGS_{variable}", value)
    get_settings.cache_clear()
    assert main([command]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"briefings {command}: {said}")
    assert err.count("\n") == 1
    assert not use_database.exists()


def _garbage(folder: Path) -> str:
    (folder / "garbage.db").write_text("not a database\n" * 100)
    return f"sqlite:///{folder / 'garbage.db'}"


def _read_only_unmigrated(folder: Path) -> str:
    with closing(sqlite3.connect(folder / "ro.db")) as connection:
        connection.execute("CREATE TABLE unrelated (x)")
    # The URL opens it read-only: the tests run as root, whom file modes do not stop.
    return f"sqlite:///file:{folder / 'ro.db'}?mode=ro&uri=true"


@pytest.mark.parametrize(
    ("database", "said"),
    [
        (_garbage, "database error, nothing was written: file is not a database"),
        (_read_only_unmigrated, "attempt to write a readonly database"),
        (
            lambda _: "postgresql+psycopg://postgres@127.0.0.1:1/test",
            "database error, nothing was written: connection failed:",
        ),
        (lambda _: "nonsense://x", "Can't load plugin: sqlalchemy.dialects:nonsense"),
        (lambda _: "not a url", "Could not parse SQLAlchemy URL"),
    ],
    ids=["garbage file", "read-only", "unreachable PostgreSQL", "unknown dialect", "bad URL"],
)
@pytest.mark.parametrize("command", ["serve", "migrate", "seed"])
def test_a_database_that_cannot_be_used_ends_the_command_in_one_line(
    command: str,
    database: Callable[[Path], str],
    said: str,
    use_database: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BRIEFINGS_DATABASE_URL", database(tmp_path))
    _clear_caches()
    assert main([command]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"briefings {command}: ")
    assert said in err
    assert err.count("\n") == 1
