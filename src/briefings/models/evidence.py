from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from briefings.models.base import SLUG, Base


class Evidence(Base):
    """A span of a source that supports a record: ``text == source.text[start:end]``.

    One table for every record type (``record_type`` + ``record_id``) so that "which
    facts cite this sentence" is one query, as the highlighted-article page will need.
    """

    __tablename__ = "evidence"
    __table_args__ = (
        Index("ix_evidence_record", "record_type", "record_id"),
        Index("ix_evidence_source_span", "source_id", "start"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(SLUG))
    position: Mapped[int] = mapped_column(Integer)
    source_id: Mapped[str] = mapped_column(
        String(SLUG), ForeignKey("sources.id", ondelete="CASCADE")
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
