import datetime as dt

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from briefings.models.base import SLUG, Base, Record, keyset_indexes


class Statement(Record, Base):
    __tablename__ = "statements"
    __table_args__ = keyset_indexes(
        "statements", "speaker_id", "kind", "date", "visit_id", "reported_by_id"
    )

    # The first of the statement's speakers (all of them are in ``statement_speakers``),
    # kept for the deprecated ``speaker`` field; null only for the source's own analysis.
    speaker_id: Mapped[str | None] = mapped_column(String(SLUG), ForeignKey("actors.id"))
    kind: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    translation: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(35))
    date: Mapped[dt.date | None] = mapped_column(Date)
    occasion_fr: Mapped[str | None] = mapped_column(Text)
    occasion_en: Mapped[str | None] = mapped_column(Text)
    visit_id: Mapped[str | None] = mapped_column(String(SLUG), ForeignKey("visits.id"))
    reported_by_id: Mapped[str | None] = mapped_column(String(SLUG), ForeignKey("actors.id"))
