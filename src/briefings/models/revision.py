import datetime as dt

from sqlalchemy import DateTime, Integer
from sqlalchemy.orm import Mapped, mapped_column

from briefings.models.base import Base


class DataRevision(Base):
    """One row whose number goes up in the same transaction as any data change.

    ETags and response caches key on it, so no cache outlives the data it was built
    from, on one process or on several sharing a PostgreSQL database.
    """

    __tablename__ = "data_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
