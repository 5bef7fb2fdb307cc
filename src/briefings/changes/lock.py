"""Writers take turns: one write transaction at a time, whatever process it runs in.

The change log is read by position (``seq``), so a change must never become visible
after one with a greater position: a reader that had already passed it would miss it.
Positions are handed out as rows are inserted, which is commit order only when writers
do not overlap. So every write takes the database's write lock before it reads what it
will change: on SQLite ``BEGIN IMMEDIATE`` (the one writer lock, taken at once rather
than at the first write, which would also let two writers plan from the same state),
on PostgreSQL a transaction-level advisory lock. The same lock makes ``If-Match``
exact: the record compared is the record written.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from briefings.db import session_scope

# Any constant shared by every process of the service; "brfg" in ASCII.
ADVISORY_KEY = 0x62726667


def lock_writes(session: Session) -> None:
    """Takes the write lock as the transaction's first statement; held until it ends."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({ADVISORY_KEY})")


@contextmanager
def writing(engine: Engine) -> Iterator[Session]:
    """A session in a write transaction holding the write lock: committed when the block
    ends, rolled back if it raises."""
    with session_scope(engine) as session, session.begin():
        lock_writes(session)
        yield session
