"""How a process learns that the data changed, so no cache outlives the data.

Every load bumps ``data_revision`` in its own transaction. On SQLite every request
checks the WAL index header, a few bytes of shared memory that SQLite changes on every
commit by any process (https://www.sqlite.org/walformat.html, "iChange"); only when they
changed is the revision read again. So the first request after a commit sees it, at the
cost of a memory compare. On PostgreSQL the number is read at most every
``revision_poll_seconds``: a process serving from its cache sees another process's commit
within that bound, and no round trip is spent on requests in between.
"""

import mmap
import sqlite3
import threading
import time
import weakref
from typing import BinaryIO, Protocol

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from briefings.db import is_sqlite
from briefings.revision import REVISION_SQL, UNKNOWN


class RevisionClock(Protocol):
    def current(self) -> int:
        """The data revision now, or UNKNOWN when it cannot be read (nothing is cached then)."""
        ...


class SqliteRevision:
    # The WAL-index header: version, change counter, page size, last frame, salts...
    HEADER_BYTES = 48

    def __init__(self, database: str) -> None:
        self.database = database
        # This connection stays open for the life of the process, which also keeps
        # SQLite from removing the -shm file the header is read from.
        self.connection = sqlite3.connect(database, check_same_thread=False, isolation_level=None)
        self.lock = threading.Lock()
        self.header: bytes | None = None
        self.value = UNKNOWN
        self.shm: mmap.mmap | None = None
        # The -shm file stays open while it is mapped: closing any descriptor of a file
        # drops every POSIX lock the process holds on it, SQLite's own among them (its
        # DMS lock on byte 128). Without that lock a writer in another process (seed,
        # migrate) believes no one has the WAL index open, rebuilds it under this mapping,
        # and the next read of the mapping kills the server with SIGBUS.
        self.shm_file: BinaryIO | None = None

    def reopen(self) -> None:
        """Reads the file now at the path: the one this was opened on was replaced."""
        with self.lock:
            old, self.connection = (
                self.connection,
                sqlite3.connect(self.database, check_same_thread=False, isolation_level=None),
            )
            old.close()
            if self.shm is not None:
                self.shm.close()
            self.shm = None
            if self.shm_file is not None:
                self.shm_file.close()
            self.shm_file = None
            self.header = None
            self.value = UNKNOWN

    def _read(self) -> int:
        try:
            row = self.connection.execute(REVISION_SQL).fetchone()
        except sqlite3.Error:
            return UNKNOWN
        return int(row[0]) if row else UNKNOWN

    def _map(self) -> mmap.mmap | None:
        try:
            handle = open(f"{self.database}-shm", "rb")  # noqa: SIM115 (kept open)
        except OSError:
            return None
        try:
            shm = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            handle.close()
            return None
        self.shm, self.shm_file = shm, handle
        # Closed with the clock, as a test process builds and drops many.
        weakref.finalize(self, handle.close)
        return shm

    def current(self) -> int:
        # Asked on every request: the mapped header compared with the one the number was
        # read under is the whole cost when nothing changed.
        shm = self.shm
        if shm is None:
            shm = self._map()
        if shm is None or len(shm) < self.HEADER_BYTES:
            # No WAL index (not in WAL mode, or not created yet): ask every time.
            with self.lock:
                return self._read()
        header = shm[: self.HEADER_BYTES]
        if header == self.header:
            return self.value
        with self.lock:
            # The header is taken before the read: a commit landing in between makes the
            # next request read again rather than keep a stale number. A number that could
            # not be read is asked for again by the next request.
            self.value = self._read()
            self.header = header if self.value != UNKNOWN else None
        return self.value


class PolledRevision:
    def __init__(self, engine: Engine, interval: float) -> None:
        self.engine = engine
        self.interval = interval
        self.value = UNKNOWN
        self.checked = float("-inf")
        self.lock = threading.Lock()

    def expire(self) -> None:
        """A change was heard of (NOTIFY, or a write in this process): read the revision
        again at the next request rather than at the next poll."""
        self.checked = float("-inf")

    def current(self) -> int:
        now = time.monotonic()
        if now - self.checked < self.interval:
            return self.value
        with self.lock:
            try:
                with self.engine.connect() as connection:
                    value = connection.execute(text(REVISION_SQL)).scalar()
            except SQLAlchemyError:
                value = None
            self.value = UNKNOWN if value is None else int(value)
            self.checked = now
        return self.value


def revision_clock(engine: Engine, poll_seconds: float) -> RevisionClock:
    url = engine.url
    if is_sqlite(str(url)) and url.database and url.database != ":memory:":
        return SqliteRevision(make_url(str(url)).database or "")
    return PolledRevision(engine, poll_seconds)
