"""Writing the index: in the loader's transaction, and as a full rebuild.

``search_documents`` is the portable store. On SQLite an FTS5 table holds a copy of the
folded columns and is maintained here, explicitly, next to every write: triggers keyed on
``rowid`` would break because SQLite may renumber the implicit rowids of a table without
an INTEGER PRIMARY KEY (``VACUUM`` does). On PostgreSQL a GIN expression index follows
the table by itself.

A document keeps the rowid of its FTS5 row (``fts_rowid``, a column of its own, which
``VACUUM`` leaves alone): FTS5 finds a row by its rowid and by nothing else, so deleting
a record's row by its type and id read every row of the index (a record write took
86 ms at 100k statements, 0.78 s at 1M; 19 and 21 ms now). New rows take rowids after
the last one, in order, as FTS5 stores them best.
"""

from collections.abc import Iterable, Sequence
from itertools import groupby
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, bindparam, column, delete, func, insert, inspect, select, table
from sqlalchemy.orm import Session

from briefings.db import Reader, dialect_of
from briefings.search.documents import RECORD_TYPES, Document, build_document
from briefings.search.models import FTS_TABLE, SearchDocument

if TYPE_CHECKING:  # the loader imports this module: no runtime import back into seeding
    from briefings.seeding.rows import RecordRows

CHUNK = 500
FTS_COLUMNS = ("record_type", "record_id", "title_folded", "body_folded")

fts = table(
    FTS_TABLE,
    # FTS5's own key: the ranking reads the stored columns only for the page's rows.
    column("rowid"),
    column("record_type"),
    column("record_id"),
    column("title_folded"),
    column("body_folded"),
)


def is_sqlite(session: Reader) -> bool:
    return dialect_of(session).name == "sqlite"


# The statements of a record's index rows, each built once with its values as parameters:
# a record write runs six of them, and building one costs more than running it
# (``Resource.by_id``).
_DOCUMENTS = cast(Table, SearchDocument.__table__)
_OF_CHUNK = (_DOCUMENTS.c.record_type == bindparam("record_type")) & _DOCUMENTS.c.record_id.in_(
    bindparam("ids", expanding=True)
)
_ROWIDS = select(_DOCUMENTS.c.fts_rowid).where(_OF_CHUNK)
# The table, not the ORM entity: an ORM-enabled DELETE costs twice the statement.
_DELETE_DOCUMENTS = delete(_DOCUMENTS).where(_OF_CHUNK)
_DELETE_FTS = delete(fts).where(fts.c.rowid.in_(bindparam("rowids", expanding=True)))
_LAST_ROWID = select(func.max(fts.c.rowid))
_INSERT_DOCUMENTS = insert(_DOCUMENTS)
_INSERT_FTS = insert(fts)


def _delete(session: Session, keys: Sequence[tuple[str, str]]) -> None:
    sqlite = is_sqlite(session)
    for record_type, group in groupby(sorted(keys), key=lambda key: key[0]):
        ids = [record_id for _, record_id in group]
        for start in range(0, len(ids), CHUNK):
            chunk = {"record_type": record_type, "ids": ids[start : start + CHUNK]}
            if sqlite:
                rowids = session.scalars(_ROWIDS, chunk).all()
                found = sorted(rowid for rowid in rowids if rowid is not None)
                if found:
                    session.execute(_DELETE_FTS, {"rowids": found})
            session.execute(_DELETE_DOCUMENTS, chunk)


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


def _insert(session: Session, documents: Sequence[Document], *, keep_rowid: bool = True) -> None:
    """``keep_rowid=False`` only for a rebuild by a migration older than ``fts_rowid``."""
    if not documents:
        return
    rows: list[dict[str, Any]] = [document.row() for document in documents]
    sqlite = is_sqlite(session)
    if sqlite:
        last = session.scalar(_LAST_ROWID) or 0
        for rowid, row in enumerate(rows, start=last + 1):
            row["fts_rowid"] = rowid
    kept = rows if keep_rowid else [_without_rowid(row) for row in rows]
    session.execute(_INSERT_DOCUMENTS, kept)
    if sqlite:
        session.execute(
            _INSERT_FTS,
            [{"rowid": row["fts_rowid"], **{key: row[key] for key in FTS_COLUMNS}} for row in rows],
        )


def _without_rowid(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key != "fts_rowid"}


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
    keep_rowid = "fts_rowid" in {info["name"] for info in inspector.get_columns(_DOCUMENTS.name)}
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
            _insert(session, documents[start : start + CHUNK], keep_rowid=keep_rowid)
        written += len(documents)
    return written
