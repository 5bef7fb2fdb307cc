from sqlalchemy import JSON, Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from briefings.models.base import COUNTRY, WIKIDATA, Base, Record, keyset_indexes


class Place(Record, Base):
    __tablename__ = "places"
    __table_args__ = keyset_indexes("places", "kind", "country", "name_en")

    kind: Mapped[str] = mapped_column(String(40))
    name_fr: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    aliases: Mapped[list[str]] = mapped_column(JSON)
    country: Mapped[str | None] = mapped_column(String(COUNTRY))
    # Shared identifiers, only where known for certain: a Wikidata item (Q...) and a
    # GeoNames feature id (digits, kept as text like any identifier).
    wikidata: Mapped[str | None] = mapped_column(String(WIKIDATA), index=True)
    geonames: Mapped[str | None] = mapped_column(String(20))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
