import datetime as dt

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from briefings.models.base import SLUG, Base, Record


class Statement(Record, Base):
    __tablename__ = "statements"

    # Null only for the source's own analysis (kind "assessment").
    speaker_id: Mapped[str | None] = mapped_column(
        String(SLUG), ForeignKey("actors.id"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40), index=True)
    text: Mapped[str] = mapped_column(Text)
    translation: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(35))
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    occasion_fr: Mapped[str | None] = mapped_column(Text)
    occasion_en: Mapped[str | None] = mapped_column(Text)
    visit_id: Mapped[str | None] = mapped_column(String(SLUG), ForeignKey("visits.id"), index=True)
    reported_by_id: Mapped[str | None] = mapped_column(
        String(SLUG), ForeignKey("actors.id"), index=True
    )
