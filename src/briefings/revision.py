"""The data revision: one number that every write moves, in the writing transaction."""

from datetime import UTC, datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Select, Table, Update, bindparam, insert, select, update
from sqlalchemy.orm import Session

from briefings.db import Reader
from briefings.models import DataRevision

REVISION_SQL = "SELECT revision FROM data_revision WHERE id = 1"
UNKNOWN = -1


# The statements every write runs, built once and on the table rather than the ORM
# entity: an ORM-enabled UPDATE ... RETURNING went through the unit of work's bulk
# machinery (synchronising a session that holds no object), several times the cost of
# the statement itself.
_TABLE = cast(Table, DataRevision.__table__)


@cache
def _current() -> Select[Any]:
    return select(_TABLE.c.revision).where(_TABLE.c.id == 1)


@cache
def _bump() -> Update:
    return (
        update(_TABLE)
        .where(_TABLE.c.id == 1)
        .values(revision=_TABLE.c.revision + 1, changed_at=bindparam("now"))
        .returning(_TABLE.c.revision)
    )


def current_revision(session: Reader) -> int:
    """The revision as this session's transaction sees it; 0 for a database never loaded."""
    return session.scalar(_current()) or 0


def bump_revision(session: Session) -> int:
    """Called inside the writing transaction, so readers never see new data with an old
    revision. One UPDATE that adds one: two writers never read the same number and both
    write its successor (the second waits for the first's row lock, then adds to its)."""
    now = datetime.now(UTC)
    bumped = session.scalar(_bump(), {"now": now})
    if bumped is not None:
        return int(bumped)
    session.execute(insert(_TABLE).values(id=1, revision=1, changed_at=now))
    return 1
