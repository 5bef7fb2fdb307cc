"""Engines and sessions for SQLite (embedded default) and PostgreSQL."""

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache, partial
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

import anyio.to_thread
from anyio import CapacityLimiter
from fastapi import FastAPI, Request
from sqlalchemy import Connection, Dialect, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from briefings.config import get_settings
from briefings.errors import query_timeout
from briefings.overruns import Overruns, kind_of

T = TypeVar("T")

# What reading code runs its statements on: a read's own connection (``read``), or the
# session of a write, which checks and renders with the same code. Both take the same Core
# statements; a read has no use for the session's unit of work, which cost it about as much
# again as the connection itself per request (docs/performance.md).
Reader = Connection | Session

SQLITE_BUSY_TIMEOUT_MS = 5000
# SQLite's page cache per connection, in KiB (its default is 2 MiB). A page of records
# read by a filter is spread over the file; pages kept here are read without a system
# call. Memory is taken only as pages are read; the pool hands out the connection used
# last first (LIFO), so the event loop's reads keep one cache warm. A served process also
# bounds all its connections' caches together (``BRIEFINGS_SQLITE_CACHE_BYTES``,
# ``serving/memory.py``): without that, the loop's and each query thread's connection
# filled its cache and the soak's server passed the memory bound (cache setting + 150 MB).
SQLITE_CACHE_KIB = 16 * 1024


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


# An execution option of read connections: every statement of the read sees one snapshot.
SNAPSHOT = "briefings_snapshot"
# Another: the read's deadline, in milliseconds (0: none).
DEADLINE = "briefings_deadline_ms"
# Another: how many of SQLite's virtual machine steps pass between two checks of it.
STEPS = "briefings_progress_steps"
# In a query thread the check comes about every millisecond of work: each call takes the
# GIL back from the event loop, so few of them.
PROGRESS_STEPS = 100_000
# On the event loop, which holds the GIL anyway, ten times as often: a read must give the
# loop back soon after its share (``query_loop_ms``), and 100,000 steps of a join or a
# sort took 5-50 ms at 100k statements (the loop's reads ran 6 ms at the median, 54 at
# the most, with a 2 ms share).
LOOP_PROGRESS_STEPS = 10_000
# PostgreSQL's code for a statement cancelled by statement_timeout.
QUERY_CANCELED = "57014"


def _sqlite_begin(connection: Connection) -> None:
    # pysqlite opens a transaction only before a write, so each SELECT of a read would
    # see the database as of its own start: an answer could carry the revision of one
    # commit and the rows of the next. A deferred BEGIN takes SQLite's snapshot at the
    # read's first SELECT and keeps it until the read ends (SQLAlchemy's pysqlite
    # recipe, applied to reads only so writers keep their own locking). Sent straight to
    # the driver: SQLAlchemy's execution path costs more than the statement.
    options = connection.get_execution_options()
    if not options.get(SNAPSHOT):
        return
    driver: Any = connection.connection.driver_connection
    driver.execute("BEGIN")
    if timeout_ms := options.get(DEADLINE):
        # The handler answering true interrupts the statement ("interrupted"); it is
        # removed when the connection goes back to the pool, so writers never meet it.
        deadline = time.monotonic() + timeout_ms / 1000
        steps = options.get(STEPS, PROGRESS_STEPS)
        driver.set_progress_handler(lambda: time.monotonic() > deadline, steps)


def _sqlite_checkin(dbapi_connection: Any, _record: Any) -> None:
    if dbapi_connection is not None:
        dbapi_connection.set_progress_handler(None, 0)


def _postgresql_begin(connection: Connection) -> None:
    # SET LOCAL lasts until the transaction ends: the next user of the connection,
    # a writer perhaps, starts without it.
    timeout_ms = connection.get_execution_options().get(DEADLINE)
    if timeout_ms:
        driver: Any = connection.connection.driver_connection
        driver.execute(f"SET LOCAL statement_timeout = {int(timeout_ms)}")


def make_engine(url: str, pool_size: int = 10) -> Engine:
    """``pool_size`` connections stay open to PostgreSQL, as many more may open under load."""
    if is_sqlite(url):
        engine = create_engine(url, connect_args={"check_same_thread": False}, pool_use_lifo=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "checkin", _sqlite_checkin)
        return engine
    engine = create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=pool_size)
    event.listen(engine, "begin", _postgresql_begin)
    return engine


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


@lru_cache
def _session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def session_scope(engine: Engine) -> Session:
    return _session_factory(engine)()


@lru_cache
def _read_engine(engine: Engine, timeout_ms: int, steps: int) -> Engine:
    # PostgreSQL's default, READ COMMITTED, takes a new snapshot for every statement.
    isolation = {} if engine.dialect.name == "sqlite" else {"isolation_level": "REPEATABLE READ"}
    options = {SNAPSHOT: True, DEADLINE: timeout_ms, STEPS: steps}
    return engine.execution_options(**options, **isolation)


@contextmanager
def read_connection(
    engine: Engine, timeout_ms: int = 0, steps: int = PROGRESS_STEPS
) -> Iterator[Connection]:
    """A connection for a read, in a transaction: all its statements see one snapshot of
    the database, so the revision an answer reports and the rows it lists come from the
    same commit. Past ``timeout_ms`` (0: never) its statements fail (see ``timed_out``).
    The transaction is rolled back at the end: a read has nothing to commit."""
    with _read_engine(engine, timeout_ms, steps).connect() as connection:
        # Begun here rather than at the first statement: the snapshot's first read goes
        # straight to the driver (``read_revision``), which SQLAlchemy does not see.
        connection.begin()
        yield connection


def connection_of(reader: Reader) -> Connection:
    """The connection a reader's statements run on (a session's, in its transaction)."""
    return reader if isinstance(reader, Connection) else reader.connection()


def dialect_of(reader: Reader) -> Dialect:
    return reader.dialect if isinstance(reader, Connection) else reader.get_bind().dialect


def timed_out(error: BaseException) -> bool:
    """Whether ``error`` is a statement stopped by the read's deadline, raised by the
    driver itself (pages run on it directly) or wrapped by SQLAlchemy."""
    cause = error.orig if isinstance(error, DBAPIError) else error
    if isinstance(cause, sqlite3.OperationalError):
        return str(cause) == "interrupted"
    return getattr(cause, "sqlstate", None) == QUERY_CANCELED


Limiters = WeakKeyDictionary[asyncio.AbstractEventLoop, CapacityLimiter]


def _limiter(app: FastAPI) -> CapacityLimiter:
    # One per event loop: a limiter's waiters belong to the loop they wait on, and tests
    # run one app on several loops.
    limiters: Limiters | None = getattr(app.state, "read_limiters", None)
    if limiters is None:
        limiters = app.state.read_limiters = WeakKeyDictionary()
    loop = asyncio.get_running_loop()
    limiter = limiters.get(loop)
    if limiter is None:
        limiter = limiters[loop] = CapacityLimiter(app.state.settings.query_threads)
    return limiter


class OverBudgetError(Exception):
    """A read on the event loop ran past its share of the loop (``query_loop_ms``)."""


def _run(
    app: FastAPI,
    work: Callable[[Connection], T],
    limit_ms: int,
    deadline_ms: int,
    on_loop: bool = False,
) -> T:
    """``work`` on a read connection whose statements stop past ``limit_ms``: on the loop,
    with ``OverBudgetError``; else with a 503 naming the request's deadline."""
    try:
        steps = LOOP_PROGRESS_STEPS if on_loop else PROGRESS_STEPS
        with read_connection(app.state.engine, limit_ms, steps) as connection:
            return work(connection)
    except Exception as error:
        if not timed_out(error):
            raise
        if on_loop:
            raise OverBudgetError from None
        raise query_timeout(deadline_ms) from None


async def read(request: Request, work: Callable[[Connection], T]) -> T:
    """``work`` on a read connection under the deadline of ``BRIEFINGS_QUERY_TIMEOUT_MS``. It
    runs on the event loop for at most ``BRIEFINGS_QUERY_LOOP_MS``, as nearly every read
    finishes within it and a hand-off to a thread costs more than such a read; a read
    still running then is stopped and run again in a thread of a bounded pool, with what
    is left of the deadline. So a slow question holds a thread, never the event loop, and
    health checks and cached answers go on meanwhile. A read of a kind that lately ran
    past the share goes to a free thread at once (``overruns``)."""
    app: FastAPI = request.app
    settings = app.state.settings
    deadline_ms: int = settings.query_timeout_ms
    budget_ms: int = settings.query_loop_ms
    if settings.query_threads == 0 or (deadline_ms and budget_ms >= deadline_ms):
        # No threads, or a share of the loop as long as the deadline: all on the loop.
        return _run(app, work, deadline_ms, deadline_ms)
    overruns: Overruns = app.state.overruns
    kind = kind_of(request) if budget_ms else None
    remaining_ms = deadline_ms
    # A kind that lately overran skips the loop only when a thread is free. Queued behind
    # other reads, one that would have been quick on the loop waits for each of them and
    # a turn of the busy loop per hand-off: one chance overrun of the cold pages' common
    # kind once queued 28 of them for up to 0.8 s (docs/performance.md). With every
    # thread taken it tries its share of the loop like any read, and a success there
    # forgets the kind.
    known = bool(budget_ms) and overruns.known(kind)
    if budget_ms and not (known and _limiter(app).available_tokens):
        started = time.monotonic()
        try:
            answer = _run(app, work, budget_ms, deadline_ms, on_loop=True)
        except OverBudgetError:
            overruns.overran(kind)
            spent_ms = int((time.monotonic() - started) * 1000)
            remaining_ms = 0 if deadline_ms == 0 else max(1, deadline_ms - spent_ms)
        else:
            if known:
                overruns.within(kind)
            return answer
    result: T
    ran_s: float
    result, ran_s = await anyio.to_thread.run_sync(
        partial(_timed, app, work, remaining_ms, deadline_ms), limiter=_limiter(app)
    )
    if ran_s * 1000 < budget_ms:
        overruns.within(kind)
    return result


def _timed(
    app: FastAPI, work: Callable[[Connection], T], limit_ms: int, deadline_ms: int
) -> tuple[T, float]:
    # The read's own time in its thread, not its wait for one: a quick read queued behind
    # slow ones is still quick.
    started = time.monotonic()
    result = _run(app, work, limit_ms, deadline_ms)
    return result, time.monotonic() - started
