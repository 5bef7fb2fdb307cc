"""Declarative base with a naming convention, so migrations name constraints alike on
SQLite and PostgreSQL, and the columns every curated record shares."""

from sqlalchemy import Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SLUG = 120
COUNTRY = 2


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Record:
    """Columns of every curated record.

    ``fingerprint`` is the hash of the record as curated: loading compares it to skip
    unchanged records, which is what makes a second seed run change nothing.
    ``revision`` is the data revision at which the record last changed, the hook for a
    change feed.
    """

    id: Mapped[str] = mapped_column(String(SLUG), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(Integer, index=True)
