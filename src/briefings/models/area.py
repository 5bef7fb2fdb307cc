from sqlalchemy import Text
from sqlalchemy.orm import Mapped, mapped_column

from briefings.models.base import Base, Record


class CooperationArea(Record, Base):
    __tablename__ = "cooperation_areas"

    name_fr: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    description_fr: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text)
