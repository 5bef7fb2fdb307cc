"""Engines and sessions for SQLite (embedded default) and PostgreSQL."""

from collections.abc import AsyncIterator
from functools import lru_cache
from typing import Any

from fastapi import Request
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from briefings.config import get_settings

SQLITE_BUSY_TIMEOUT_MS = 5000
# SQLite's page cache per connection, in KiB (its default is 2 MiB). A page of records
# read by a filter is spread over the file; pages kept here are read without a system
# call. Memory is taken only as pages are read, and the server uses one connection at a
# time per process.
SQLITE_CACHE_KIB = 32 * 1024


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers go on while a seed or import writes; foreign keys are off by
    # default in SQLite and we rely on them; the busy timeout turns a writer's lock
    # into a short wait instead of an immediate "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.close()


# An execution option of read sessions: every statement of the read sees one snapshot.
SNAPSHOT = "briefings_snapshot"


def _sqlite_begin(connection: Connection) -> None:
    # pysqlite opens a transaction only before a write, so each SELECT of a read would
    # see the database as of its own start: an answer could carry the revision of one
    # commit and the rows of the next. A deferred BEGIN takes SQLite's snapshot at the
    # read's first SELECT and keeps it until the session ends (SQLAlchemy's pysqlite
    # recipe, applied to reads only so writers keep their own locking). Sent straight to
    # the driver: SQLAlchemy's execution path costs more than the statement.
    if connection.get_execution_options().get(SNAPSHOT):
        connection.connection.driver_connection.execute("BEGIN")  # type: ignore[union-attr]


def make_engine(url: str) -> Engine:
    if is_sqlite(url):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


@lru_cache
def _session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def session_scope(engine: Engine) -> Session:
    return _session_factory(engine)()


@lru_cache
def _read_factory(engine: Engine) -> sessionmaker[Session]:
    # PostgreSQL's default, READ COMMITTED, takes a new snapshot for every statement.
    isolation = {} if engine.dialect.name == "sqlite" else {"isolation_level": "REPEATABLE READ"}
    return sessionmaker(bind=engine.execution_options(**{SNAPSHOT: True}, **isolation))


def read_session(engine: Engine) -> Session:
    """A session for a read: all its statements see one snapshot of the database, so the
    revision an answer reports and the rows it lists come from the same commit."""
    return _read_factory(engine)()


async def get_session(request: Request) -> AsyncIterator[Session]:
    """FastAPI dependency: the session is the unit of work, committed or rolled back here.

    Reads run on the event loop rather than in a thread pool: a page costs about a
    millisecond of CPU under the GIL either way, and the hand-off to a thread and back,
    with a pooled connection per thread, cost more than the work itself.
    """
    session = session_scope(request.app.state.engine)
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()
