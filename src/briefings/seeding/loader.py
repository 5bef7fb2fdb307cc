"""The one loading path: seeds, imports and generated data.

A load is one transaction. It writes only records whose fingerprint changed, so a
second run of the same seeds inserts and updates nothing and leaves the data revision
where it was.

Rows are written in batches: one ``executemany`` per table and chunk rather than one
statement per record, which is what lets a million generated statements load in
minutes. Tables are written in the bundle's foreign-key order (records, then their link
rows, then evidence), so a batch never references a row a later batch writes.
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from briefings.kit import bodies
from briefings.models import Evidence
from briefings.resources import REGISTRY
from briefings.revision import bump_revision, current_revision
from briefings.search.index import index_records
from briefings.seeding.resolve import MODELS
from briefings.seeding.rows import Bundle, RecordRows

# Rows per executemany: large enough to amortise the round trip, small enough that the
# parameter lists of one batch stay a few megabytes.
BATCH = 2000
# Ids per ``IN (...)``: under SQLite's default limit of bound parameters.
LOOKUP_BATCH = 900

T = TypeVar("T")


@dataclass(frozen=True)
class LoadReport:
    inserted: int
    updated: int
    unchanged: int
    revision: int


def stored_ids(session: Session, record_types: Iterable[str]) -> dict[str, set[str]]:
    """Ids the database holds, by record type: the ``known`` of a load that builds on them."""
    found: dict[str, set[str]] = {}
    for record_type in record_types:
        table = cast(Table, MODELS[record_type].__table__)
        found[record_type] = set(session.scalars(select(table.c.id)))
    return found


def _batches(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _table(rows: RecordRows) -> Table:
    return cast(Table, rows.model.__table__)


def _insert_many(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    for batch in _batches(rows, BATCH):
        session.execute(insert(table), list(batch))


def _existing(session: Session, records: Sequence[RecordRows]) -> dict[tuple[str, str], str]:
    """Fingerprints of the bundle's records already in the database, by (table, id)."""
    by_table: dict[Table, list[str]] = {}
    for rows in records:
        by_table.setdefault(_table(rows), []).append(rows.id)
    found: dict[tuple[str, str], str] = {}
    for table, ids in by_table.items():
        for batch in _batches(ids, LOOKUP_BATCH):
            query = select(table.c.id, table.c.fingerprint).where(table.c.id.in_(batch))
            for record_id, fingerprint in session.execute(query):
                found[(table.name, record_id)] = fingerprint
    return found


def _clear_children(session: Session, updated: Sequence[RecordRows]) -> None:
    """Deletes the link rows and evidence of updated records; the load writes them anew."""
    by_table: dict[Table, list[str]] = {}
    by_type: dict[str, list[str]] = {}
    for rows in updated:
        for table in rows.links:
            by_table.setdefault(table, []).append(rows.id)
        by_type.setdefault(rows.type, []).append(rows.id)
    for table, ids in by_table.items():
        for batch in _batches(ids, LOOKUP_BATCH):
            session.execute(delete(table).where(table.c.record_id.in_(batch)))
    for record_type, ids in by_type.items():
        for batch in _batches(ids, LOOKUP_BATCH):
            session.execute(
                delete(Evidence).where(
                    Evidence.record_type == record_type, Evidence.record_id.in_(batch)
                )
            )


def _write_records(
    session: Session,
    changed: Sequence[tuple[RecordRows, str]],
    existing: dict[tuple[str, str], str],
    revision: int,
) -> int:
    """Updates changed records and inserts new ones, table by table in bundle order."""
    tables: list[Table] = []
    inserts: dict[Table, list[dict[str, Any]]] = {}
    updates: dict[Table, list[dict[str, Any]]] = {}
    for rows, fingerprint in changed:
        table = _table(rows)
        if table not in inserts:
            tables.append(table)
            inserts[table], updates[table] = [], []
        values = {**rows.values, "fingerprint": fingerprint, "revision": revision}
        if (table.name, rows.id) in existing:
            values["_key"] = values.pop("id")
            updates[table].append(values)
        else:
            inserts[table].append(values)
    for table in tables:
        statement = update(table).where(table.c.id == bindparam("_key"))
        for batch in _batches(updates[table], BATCH):
            session.execute(statement, list(batch))
        _insert_many(session, table, inserts[table])
    return sum(len(rows) for rows in inserts.values())


def _write_children(session: Session, changed: Sequence[RecordRows]) -> None:
    links: dict[Table, list[dict[str, Any]]] = {}
    evidence: list[dict[str, Any]] = []
    for rows in changed:
        for table, link_rows in rows.links.items():
            links.setdefault(table, []).extend({"record_id": rows.id, **link} for link in link_rows)
        evidence.extend(
            {
                "record_type": rows.type,
                "record_id": rows.id,
                "position": position,
                "source_id": span.source_id,
                "start": span.start,
                "end": span.end,
                "text": span.text,
            }
            for position, span in enumerate(rows.evidence)
        )
    for table, link_rows in links.items():
        _insert_many(session, table, link_rows)
    _insert_many(session, cast(Table, Evidence.__table__), evidence)


def load_bundle(session: Session, bundle: Bundle) -> LoadReport:
    """Writes the bundle into the session's transaction; the caller commits."""
    existing = _existing(session, bundle.records)
    changed: list[tuple[RecordRows, str]] = []
    for rows in bundle.records:
        fingerprint = rows.fingerprint()
        if existing.get((_table(rows).name, rows.id)) != fingerprint:
            changed.append((rows, fingerprint))
    if not changed:
        return LoadReport(0, 0, len(bundle.records), current_revision(session))
    revision = bump_revision(session)
    records = [rows for rows, _ in changed]
    updated = [rows for rows in records if (_table(rows).name, rows.id) in existing]
    _clear_children(session, updated)
    inserted = _write_records(session, changed, existing, revision)
    _write_children(session, records)
    # Updated records replace their documents; new records have none to replace.
    index_records(session, updated)
    index_records(
        session,
        [rows for rows in records if (_table(rows).name, rows.id) not in existing],
        replace=False,
    )
    written: dict[str, set[str]] = {}
    for rows in records:
        written.setdefault(rows.type, set()).add(rows.id)
    renamed: dict[str, set[str]] = {}
    for rows in updated:
        renamed.setdefault(rows.type, set()).add(rows.id)
    bodies.refresh(session, REGISTRY.resources.values(), REGISTRY.targets, written, renamed)
    return LoadReport(
        inserted, len(changed) - inserted, len(bundle.records) - len(changed), revision
    )
