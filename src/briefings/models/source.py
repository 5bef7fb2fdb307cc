import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from briefings.models.base import Base, Record


class Source(Record, Base):
    __tablename__ = "sources"

    title_fr: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(35))
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    publisher: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published_date: Mapped[dt.date | None] = mapped_column(Date)
    # [{"heading": {"fr", "en"} | null, "start": int, "end": int}]: read, never queried.
    sections: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
