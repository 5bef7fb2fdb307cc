"""What the tests share: databases on each backend and a client of the served app.

Every backend test runs on SQLite, and on PostgreSQL when
BRIEFINGS_TEST_POSTGRES_URL is set (.ci/run sets it).

Each PostgreSQL database a test asks for lives in a schema of its own, so runs never
see each other's tables and nothing needs cleaning between tests.
"""

import os
import re
import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from briefings import migrations
from briefings.config import PROJECT_ROOT, Settings
from briefings.db import Reader, connection_of, dialect_of, make_engine
from briefings.kit import collection
from briefings.lifecycle import seed
from briefings.models import Base
from briefings.serving.server import Server, create_server


def worker_database(url: str | None) -> str | None:
    """The PostgreSQL database of this pytest-xdist worker (``test_gw0``...), made if
    missing; the given one outside xdist. Schemas keep tests apart, but NOTIFY and the
    write lock's advisory lock are per database: a worker must not hear or wait for
    another's writes."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if url is None or worker is None:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    exists = text("SELECT 1 FROM pg_database WHERE datname = :name")
    try:
        with admin.connect() as connection:
            # Two workers copying template1 at one moment may be refused ("being accessed
            # by other users"): try again while the database is still missing.
            for attempt in range(5):
                if connection.scalar(exists, {"name": name}) is not None:
                    break
                try:
                    connection.execute(text(f'CREATE DATABASE "{name}"'))
                except DBAPIError:
                    if attempt == 4:
                        raise
                    time.sleep(0.5)
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


POSTGRES_URL = worker_database(os.environ.get("BRIEFINGS_TEST_POSTGRES_URL"))
SEEDS_DIR = PROJECT_ROOT / "seeds"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _migrate_and_seed(engine: Engine) -> None:
    migrations.upgrade(engine)
    seed(engine, SEEDS_DIR)


class Databases:
    """Makes empty databases on one backend and drops them at the end of the run."""

    def __init__(self, backend: str, tmp: Path) -> None:
        self.backend = backend
        self.tmp = tmp
        self.engines: list[Engine] = []
        self.schemas: list[str] = []

    def url(self) -> str:
        if self.backend == "sqlite":
            return f"sqlite:///{self.tmp / f'{uuid.uuid4().hex}.db'}"
        assert POSTGRES_URL is not None
        schema = f"t_{uuid.uuid4().hex[:16]}"
        admin = create_engine(POSTGRES_URL)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
        self.schemas.append(schema)
        url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    def empty(self) -> Engine:
        return self._engine(self.url())

    def _engine(self, url: str) -> Engine:
        # The suite makes hundreds of engines; after each test their idle connections are
        # closed (``release_connections`` in conftest.py), and two at most stay open per
        # engine while a test runs: well under PostgreSQL's default limit of 100 clients.
        engine = make_engine(url, pool_size=2)
        self.engines.append(engine)
        OPEN_ENGINES.append(engine)
        return engine

    def migrated(self) -> Engine:
        if self.backend == "sqlite":
            return self._copy("migrated", migrations.upgrade)
        engine = self.empty()
        migrations.upgrade(engine)
        return engine

    def seeded(self, folder: Path = SEEDS_DIR) -> Engine:
        if self.backend == "sqlite" and folder == SEEDS_DIR:
            return self._copy("seeded", _migrate_and_seed)
        engine = self.migrated()
        seed(engine, folder)
        return engine

    def _copy(self, state: str, make: Callable[[Engine], object]) -> Engine:
        """A new SQLite database equal to ``state``, made once per run and copied after:
        the same bytes as migrating (and seeding) again, at a fraction of the time."""
        template = self.tmp / f"template-{state}.db"
        if not template.exists():
            building = self.tmp / f"template-{state}.building"
            engine = make_engine(f"sqlite:///{building}")
            make(engine)
            engine.dispose()
            building.rename(template)
        url = self.url()
        target = make_url(url).database
        assert target is not None
        # SQLite's backup copies a consistent database, whatever its journal holds.
        with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
        return self._engine(url)

    def close(self) -> None:
        for engine in self.engines:
            engine.dispose()
        if self.schemas and POSTGRES_URL is not None:
            admin = create_engine(POSTGRES_URL)
            # One transaction per schema: dropping them all at once takes a lock per table
            # and runs out of max_locks_per_transaction.
            for schema in self.schemas:
                with admin.begin() as connection:
                    connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            admin.dispose()


# Every engine and app the suite made: a test's connections and listening threads are
# released when it ends, whatever fixture or test made them.
OPEN_ENGINES: list[Engine] = []
OPEN_SERVERS: list[Server] = []


def make_client(engine: Engine, **settings: object) -> TestClient:
    app = create_server(Settings(database_url=str(engine.url), **settings), engine=engine)  # type: ignore[arg-type]
    OPEN_SERVERS.append(app)
    return TestClient(app, raise_server_exceptions=False)


def release_connections() -> None:
    """Stops every change signal's listener (its own connection to PostgreSQL) and closes
    every engine's idle connections; an engine used again opens new ones."""
    for server in OPEN_SERVERS:
        signal = getattr(server.app.state, "change_signal", None)
        if signal is not None:
            signal.close()
    OPEN_SERVERS.clear()
    for engine in OPEN_ENGINES:
        # Only an engine holding connections has any to close: the list keeps every
        # engine of the run, and disposing them all after each test grew with the run.
        pool = engine.pool
        if not isinstance(pool, QueuePool) or pool.checkedin() or pool.checkedout():
            engine.dispose()


# A sentence ends at . ! or ? followed by white space; every line break ends one too, so
# the section headings are sentences of their own.
SENTENCE = re.compile(r"[^\n]+?(?:[.!?](?=\s)|(?=\n)|$)")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, stripped of surrounding white space."""
    found = []
    for match in SENTENCE.finditer(text):
        sentence = match.group()
        if sentence.strip():
            start = match.start() + len(sentence) - len(sentence.lstrip())
            end = match.end() - (len(sentence) - len(sentence.rstrip()))
            found.append((start, end))
    return found


# --- seed folders and database contents -------------------------------------------------

SEED_FILE = "kazakhstan-kyrgyzstan-2025-08-01.yaml"


def copy_seeds(folder: Path) -> Path:
    """A copy of the curated seeds to edit, in ``folder/seeds``."""
    target = folder / "seeds"
    shutil.copytree(SEEDS_DIR, target)
    return target


def edit(folder: Path, old: str, new: str, occurrence: int = 1) -> int:
    """Replaces the ``occurrence``-th ``old`` in the seed file with ``new``; returns the
    1-based line where ``new`` starts."""
    path = folder / SEED_FILE
    text = path.read_text(encoding="utf-8")
    at = -1
    for _ in range(occurrence):
        at = text.find(old, at + 1)
        assert at != -1, f"{old!r} does not occur {occurrence} time(s) in {SEED_FILE}"
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return text.count("\n", 0, at) + 1


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    with engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
        }


def api_key(engine: Engine, name: str = "newsroom", scope: str = "write") -> dict[str, str]:
    """A new API key's Authorization header, as `briefings keys create` makes it."""
    from briefings.changes.lock import writing
    from briefings.keys.store import create_key

    with writing(engine) as session:
        token = create_key(session, name, scope)
    return {"Authorization": f"Bearer {token}"}


# An article none of the seeds holds, for imports: a new actor (Uzbekistan) beside a
# stored one (Kazakhstan), a stored area, evidence quoted from the text.
def endless_read(session: Reader) -> None:
    """Database work that never ends by itself, run on the driver as pages are: only a
    read's deadline stops it."""
    driver: Any = connection_of(session).connection.driver_connection
    cursor = driver.cursor()
    if dialect_of(session).name == "sqlite":
        cursor.execute(
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"
        )
    else:
        cursor.execute("SELECT pg_sleep(3600)")


@dataclass
class Reads:
    """Where each list read ran (its thread's name), and whether reads never end."""

    threads: list[str] = field(default_factory=list)
    endless: bool = False


def watch_reads(monkeypatch: pytest.MonkeyPatch, endless: bool = False) -> Reads:
    """Records the thread of every list read; while ``endless``, each one runs until its
    deadline stops it (``endless_read``)."""
    reads = Reads(endless=endless)
    read_revision = collection.read_revision

    def recording(request: Any, session: Reader) -> int:
        reads.threads.append(threading.current_thread().name)
        if reads.endless:
            endless_read(session)
        return read_revision(request, session)

    monkeypatch.setattr(collection, "read_revision", recording)
    return reads


WATER_ARTICLE = "Astana et Tachkent signent un accord sur l'eau du Syr-Daria."


def water_accord() -> dict[str, Any]:
    """The import document of ``WATER_ARTICLE``, as a client would post it."""
    return {
        "source": {
            "id": "water-accord",
            "title": {"fr": "Accord sur l'eau", "en": "Water accord"},
            "language": "fr",
            "text": WATER_ARTICLE,
        },
        "actors": [
            {
                "id": "uzbekistan",
                "kind": "country",
                "name": {"fr": "Ouzbékistan", "en": "Uzbekistan"},
                "country": "UZ",
                "evidence": ["Tachkent"],
            }
        ],
        "statements": [
            {
                "id": "water-accord-signed",
                "speakers": ["kazakhstan", "uzbekistan"],
                "kind": "commitment",
                "text": "signent un accord sur l'eau du Syr-Daria",
                "translation": "sign an agreement on the water of the Syr Darya",
                "language": "fr",
                "areas": ["water"],
                "evidence": ["Astana et Tachkent signent un accord"],
            }
        ],
    }
