import datetime as dt

from sqlalchemy import DateTime, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from briefings.models.base import SLUG, Base


class Change(Base):
    """One record written or deleted, in commit order: the change feed and each record's
    history. Written in the transaction that changes the record, after the revision is
    bumped, so ``seq`` follows commit order (writers are serialised, see
    ``briefings.changes.lock``)."""

    __tablename__ = "changes"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    revision: Mapped[int] = mapped_column(Integer)
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(SLUG))
    operation: Mapped[str] = mapped_column(String(8))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    origin: Mapped[str] = mapped_column(String(120))
    body: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)

    __table_args__ = (Index("ix_changes_record", "record_type", "record_id", "seq"),)
