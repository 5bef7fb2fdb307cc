from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from briefings.models.base import SLUG, Base, Record


class Project(Record, Base):
    __tablename__ = "projects"

    name_fr: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    status: Mapped[str] = mapped_column(String(40), index=True)
    place_id: Mapped[str | None] = mapped_column(String(SLUG), ForeignKey("places.id"), index=True)
    description_fr: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text)
