"""Declarative base with a naming convention, so migrations name constraints alike on
SQLite and PostgreSQL, and the columns every curated record shares."""

from sqlalchemy import Index, Integer, LargeBinary, MetaData, String
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
WIKIDATA = 20


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Record:
    """Columns of every curated record.

    ``fingerprint`` is the hash of the record as curated: loading compares it to skip
    unchanged records, which is what makes a second seed run change nothing.
    ``revision`` is the data revision at which the record last changed, the hook for a
    change feed. ``body`` is the record as the API lists it (JSON), rendered when the
    record or a record it names changes, so a page is read rather than assembled;
    ``body_version`` names the representation that rendered it, so a release that changes
    a representation renders the bodies again. ``origin`` says what wrote the record
    (``seed``, ``synthetic``, later the write API): a seed run deletes only what a seed
    file wrote.
    """

    id: Mapped[str] = mapped_column(String(SLUG), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(Integer, index=True)
    body: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    body_version: Mapped[str | None] = mapped_column(String(16), default=None)
    origin: Mapped[str] = mapped_column(String(40), server_default="seed")


def keyset_indexes(table: str, *columns: str) -> tuple[Index, ...]:
    """One index per filterable or sortable column, ending on the primary key.

    A page is ``WHERE column = ? AND id > cursor ORDER BY id LIMIT n``: with ``id`` in the
    index the database walks it in order and stops after n rows, instead of sorting every
    match, so a filtered page costs the same at a thousand rows or a million.
    """
    return tuple(Index(f"ix_{table}_{column}_id", column, "id") for column in columns)


# Indexes on the expressions sort keys order by when they stand a value in for null
# (``SortKey.missing``): ``coalesce(column, stand-in), id``, so that a page sorted by
# date walks an index like any other instead of sorting the whole table. Created by
# migration 0008 and not declared on the tables: SQLite's reflection cannot read an
# expression index back, so the check that the migrations match the models skips them.
SORT_INDEXES = frozenset(
    {"ix_statements_date_sort", "ix_sources_published_date_sort", "ix_figures_period_sort"}
)
