import datetime as dt

from sqlalchemy import Date, Text
from sqlalchemy.orm import Mapped, mapped_column

from briefings.models.base import Base, Record


class Briefing(Record, Base):
    __tablename__ = "briefings"

    title_fr: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    summary_fr: Mapped[str] = mapped_column(Text)
    summary_en: Mapped[str] = mapped_column(Text)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
