import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from briefings.models.base import COUNTRY, SLUG, Base, Record, keyset_indexes


class Visit(Record, Base):
    __tablename__ = "visits"
    __table_args__ = keyset_indexes(
        "visits", "date", "visitor_id", "host_country", "place_id", "kind"
    )

    date: Mapped[dt.date] = mapped_column(Date)
    visitor_id: Mapped[str] = mapped_column(String(SLUG), ForeignKey("actors.id"))
    host_country: Mapped[str] = mapped_column(String(COUNTRY))
    place_id: Mapped[str | None] = mapped_column(String(SLUG), ForeignKey("places.id"))
    kind: Mapped[str] = mapped_column(String(40))
    description_fr: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text)
    # [{"fr", "en"}]: what the visit was the occasion of, in the source's words.
    outcomes: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
