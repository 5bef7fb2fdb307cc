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
    """Called inside the writing transaction, so readers never see new data with an old revision."""
    now = datetime.now(UTC)
    revision = current_revision(session) + 1
    if revision == 1:
        session.execute(insert(DataRevision).values(id=1, revision=1, changed_at=now))
    else:
        session.execute(
            update(DataRevision)
            .where(DataRevision.id == 1)
            .values(revision=revision, changed_at=now)
        )
    return revision
