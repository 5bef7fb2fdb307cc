from typing import Any

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from briefings.models.base import COUNTRY, WIKIDATA, Base, Record, keyset_indexes


class Actor(Record, Base):
    __tablename__ = "actors"
    __table_args__ = keyset_indexes("actors", "kind", "country", "name_en")

    kind: Mapped[str] = mapped_column(String(40))
    name_fr: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    aliases: Mapped[list[str]] = mapped_column(JSON)
    country: Mapped[str | None] = mapped_column(String(COUNTRY))
    # Wikidata item id (Q...), only where known for certain.
    wikidata: Mapped[str | None] = mapped_column(String(WIKIDATA), index=True)
    # [{"title": {"fr", "en"}, "organisation": actor id | null, "country": str | null}]
    roles: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
