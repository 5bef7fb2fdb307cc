"""The search documents: one row per record, the text the index matches and snippets quote."""

from typing import Any

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from briefings.models.base import SLUG, Base

# Database objects the migration creates outside the ORM metadata, because they only
# exist on one backend: SQLite's FTS5 table (plus its shadow tables) and PostgreSQL's
# GIN expression index. Autogenerate must not see them as drift.
FTS_TABLE = "search_fts"
TSV_INDEX = "ix_search_documents_tsv"


class SearchDocument(Base):
    """What a record says, flattened: ``title`` holds its names and aliases, ``body`` the
    rest of its human text. The ``*_folded`` columns are the same texts folded and stripped
    of punctuation, character for character, so match offsets map back onto the originals.
    ``name_*`` is the record's display name, so a hit renders without a second query."""

    __tablename__ = "search_documents"

    record_type: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(SLUG), primary_key=True)
    name_fr: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    title_folded: Mapped[str] = mapped_column(Text)
    body_folded: Mapped[str] = mapped_column(Text)
    # On SQLite, the rowid of the document's row in the FTS5 table: the only key FTS5 finds
    # a row by (its other columns have no index, and a delete by them read every row).
    # Null on PostgreSQL, whose index is on this table.
    fts_rowid: Mapped[int | None] = mapped_column(Integer, default=None)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic ``include_object`` hook: hides the backend-specific search objects."""
    if type_ == "table" and name is not None and name.startswith(FTS_TABLE):
        return False
    return not (type_ == "index" and name == TSV_INDEX)
