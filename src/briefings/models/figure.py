from sqlalchemy import Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from briefings.models.base import Base, Record, keyset_indexes


class Figure(Record, Base):
    __tablename__ = "figures"
    __table_args__ = keyset_indexes("figures", "metric", "period", "kind", "value")

    metric: Mapped[str] = mapped_column(String(120))
    label_fr: Mapped[str] = mapped_column(Text)
    label_en: Mapped[str] = mapped_column(Text)
    # Base units (1,7 milliard de dollars is 1700000000). A double holds every integer up
    # to 2**53 exactly, which covers the amounts a news source states.
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    currency: Mapped[str | None] = mapped_column(String(3))
    qualifier: Mapped[str] = mapped_column(String(20))
    period: Mapped[str | None] = mapped_column(String(20))
    period_kind: Mapped[str] = mapped_column(String(20))
    period_text_fr: Mapped[str | None] = mapped_column(Text)
    period_text_en: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    wording: Mapped[str] = mapped_column(Text)
