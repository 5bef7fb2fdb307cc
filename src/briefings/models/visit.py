import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from briefings.models.base import COUNTRY, SLUG, Base, Record


class Visit(Record, Base):
    __tablename__ = "visits"

    date: Mapped[dt.date] = mapped_column(Date, index=True)
    visitor_id: Mapped[str] = mapped_column(String(SLUG), ForeignKey("actors.id"), index=True)
    host_country: Mapped[str] = mapped_column(String(COUNTRY), index=True)
    place_id: Mapped[str | None] = mapped_column(String(SLUG), ForeignKey("places.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    description_fr: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text)
    # [{"fr", "en"}]: what the visit was the occasion of, in the source's words.
    outcomes: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
