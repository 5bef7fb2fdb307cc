"""The data revision: one number that every write moves, in the writing transaction."""

from datetime import UTC, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from briefings.models import DataRevision

REVISION_SQL = "SELECT revision FROM data_revision WHERE id = 1"
UNKNOWN = -1


def current_revision(session: Session) -> int:
    """The revision as this session's transaction sees it; 0 for a database never loaded."""
    return session.scalar(select(DataRevision.revision).where(DataRevision.id == 1)) or 0


def bump_revision(session: Session) -> int:
    """Called inside the writing transaction, so readers never see new data with an old
    revision. One UPDATE that adds one: two writers never read the same number and both
    write its successor (the second waits for the first's row lock, then adds to its)."""
    now = datetime.now(UTC)
    bumped = session.scalar(
        update(DataRevision)
        .where(DataRevision.id == 1)
        .values(revision=DataRevision.revision + 1, changed_at=now)
        .returning(DataRevision.revision)
    )
    if bumped is not None:
        return int(bumped)
    session.execute(insert(DataRevision).values(id=1, revision=1, changed_at=now))
    return 1
