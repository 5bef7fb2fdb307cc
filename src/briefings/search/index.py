"""Writing the index: in the loader's transaction, and as a full rebuild.

``search_documents`` is the portable store. On SQLite an FTS5 table holds a copy of the
folded columns and is maintained here, explicitly, next to every write: triggers keyed on
``rowid`` would break because SQLite may renumber the implicit rowids of a table without
an INTEGER PRIMARY KEY (``VACUUM`` does). On PostgreSQL a GIN expression index follows
the table by itself.
"""

from collections.abc import Iterable, Sequence
from itertools import groupby
from typing import TYPE_CHECKING, cast

from sqlalchemy import Table, column, delete, insert, inspect, select, table
from sqlalchemy.orm import Session

from briefings.search.documents import RECORD_TYPES, Document, build_document
from briefings.search.models import FTS_TABLE, SearchDocument

if TYPE_CHECKING:  # the loader imports this module: no runtime import back into seeding
    from briefings.seeding.rows import RecordRows

CHUNK = 500

fts = table(
    FTS_TABLE,
    # FTS5's own key: the ranking reads the stored columns only for the page's rows.
    column("rowid"),
    column("record_type"),
    column("record_id"),
    column("title_folded"),
    column("body_folded"),
)


def is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _delete(session: Session, keys: Sequence[tuple[str, str]]) -> None:
    sqlite = is_sqlite(session)
    documents = cast(Table, SearchDocument.__table__)
    for record_type, group in groupby(sorted(keys), key=lambda key: key[0]):
        ids = [record_id for _, record_id in group]
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            # The table, not the ORM entity: an ORM-enabled DELETE costs twice the
            # statement.
            session.execute(
                delete(documents).where(
                    documents.c.record_type == record_type, documents.c.record_id.in_(chunk)
                )
            )
            if sqlite:
                session.execute(
                    delete(fts).where(fts.c.record_type == record_type, fts.c.record_id.in_(chunk))
                )


def delete_documents(session: Session, keys: Sequence[tuple[str, str]]) -> None:
    """Deletes the documents of removed records, by (record type, id)."""
    _delete(session, keys)


def write_documents(
    session: Session, documents: Sequence[Document], *, replace: bool = True
) -> None:
    """Writes the documents of these records, in the session's transaction.

    ``replace=False`` is for records just inserted: they have no document yet, and the
    delete would scan the FTS5 table, whose key columns are not indexed.
    """
    if not documents:
        return
    if replace:
        _delete(session, [(d.record_type, d.record_id) for d in documents])
    _insert(session, documents)


def _insert(session: Session, documents: Sequence[Document]) -> None:
    if not documents:
        return
    rows = [document.row() for document in documents]
    session.execute(insert(cast(Table, SearchDocument.__table__)), rows)
    if is_sqlite(session):
        session.execute(
            insert(fts),
            [
                {
                    key: row[key]
                    for key in ("record_type", "record_id", "title_folded", "body_folded")
                }
                for row in rows
            ],
        )


def index_records(
    session: Session, records: Iterable["RecordRows"], *, replace: bool = True
) -> None:
    """Indexes records a load has just inserted or updated (call after their rows are written)."""
    write_documents(
        session,
        [build_document(rows.type, rows.model, rows.values) for rows in records],
        replace=replace,
    )


def rebuild_index(session: Session) -> int:
    """Rebuilds every document from the record tables; returns how many were written.

    Reads only the columns the database has, so a migration can call it before later
    migrations add columns the models already know.
    """
    session.execute(delete(SearchDocument))
    if is_sqlite(session):
        session.execute(delete(fts))
    inspector = inspect(session.connection())
    written = 0
    for record_type, (model, _) in RECORD_TYPES.items():
        orm_table = cast(Table, model.__table__)
        present = {info["name"] for info in inspector.get_columns(orm_table.name)}
        query = select(*(c for c in orm_table.columns if c.name in present)).order_by(
            orm_table.c.id
        )
        documents = [
            build_document(record_type, model, dict(row._mapping)) for row in session.execute(query)
        ]
        for start in range(0, len(documents), CHUNK):
            _insert(session, documents[start : start + CHUNK])
        written += len(documents)
    return written
