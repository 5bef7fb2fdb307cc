from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from briefings.models.base import SLUG, Base, Record, keyset_indexes


class Project(Record, Base):
    __tablename__ = "projects"
    __table_args__ = keyset_indexes("projects", "kind", "status", "place_id", "name_en")

    name_fr: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(40))
    place_id: Mapped[str | None] = mapped_column(String(SLUG), ForeignKey("places.id"))
    description_fr: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text)
