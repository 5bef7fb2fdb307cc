import datetime as dt

from sqlalchemy import Date, Text
from sqlalchemy.orm import Mapped, mapped_column

from briefings.models.base import Base, Record, keyset_indexes


class Briefing(Record, Base):
    __tablename__ = "briefings"
    __table_args__ = keyset_indexes("briefings", "date")

    title_fr: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    summary_fr: Mapped[str] = mapped_column(Text)
    summary_en: Mapped[str] = mapped_column(Text)
    date: Mapped[dt.date] = mapped_column(Date)
