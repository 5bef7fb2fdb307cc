"""The one loading path: seeds today, imports and generated data tomorrow.

A load is one transaction. It writes only records whose fingerprint changed, so a
second run of the same seeds inserts and updates nothing and leaves the data revision
where it was.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from briefings.models import DataRevision, Evidence
from briefings.search.index import index_records
from briefings.seeding.rows import Bundle, RecordRows


@dataclass(frozen=True)
class LoadReport:
    inserted: int
    updated: int
    unchanged: int
    revision: int


def current_revision(session: Session) -> int:
    return session.scalar(select(DataRevision.revision).where(DataRevision.id == 1)) or 0


def bump_revision(session: Session) -> int:
    """Called inside the writing transaction, so readers never see new data with an old revision."""
    now = datetime.now(UTC)
    revision = current_revision(session) + 1
    if revision == 1:
        session.execute(insert(DataRevision).values(id=1, revision=1, changed_at=now))
    else:
        session.execute(
            update(DataRevision)
            .where(DataRevision.id == 1)
            .values(revision=revision, changed_at=now)
        )
    return revision


def _write_children(session: Session, rows: RecordRows) -> None:
    for table, link_rows in rows.links.items():
        if link_rows:
            session.execute(insert(table), [{"record_id": rows.id, **link} for link in link_rows])
    if rows.evidence:
        session.execute(
            insert(Evidence),
            [
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
            ],
        )


def _clear_children(session: Session, rows: RecordRows) -> None:
    for table in rows.links:
        session.execute(delete(table).where(table.c.record_id == rows.id))
    session.execute(
        delete(Evidence).where(Evidence.record_type == rows.type, Evidence.record_id == rows.id)
    )


def _existing(session: Session, records: Iterable[RecordRows]) -> dict[tuple[str, str], str]:
    by_model: dict[type, list[str]] = {}
    for rows in records:
        by_model.setdefault(rows.model, []).append(rows.id)
    found: dict[tuple[str, str], str] = {}
    for model, ids in by_model.items():
        table = model.__table__  # type: ignore[attr-defined]
        for chunk in range(0, len(ids), 500):
            query = select(table.c.id, table.c.fingerprint).where(
                table.c.id.in_(ids[chunk : chunk + 500])
            )
            for record_id, fingerprint in session.execute(query):
                found[(table.name, record_id)] = fingerprint
    return found


def load_bundle(session: Session, bundle: Bundle) -> LoadReport:
    """Writes the bundle into the session's transaction; the caller commits."""
    existing = _existing(session, bundle.records)
    changed = [
        (rows, rows.fingerprint())
        for rows in bundle.records
        if existing.get((rows.model.__tablename__, rows.id)) != rows.fingerprint()
    ]
    if not changed:
        return LoadReport(0, 0, len(bundle.records), current_revision(session))
    revision = bump_revision(session)
    inserted = 0
    for rows, fingerprint in changed:
        table: Table = rows.model.__table__  # type: ignore[assignment]
        values = {**rows.values, "fingerprint": fingerprint, "revision": revision}
        if (table.name, rows.id) in existing:
            _clear_children(session, rows)
            session.execute(update(table).where(table.c.id == rows.id).values(values))
        else:
            session.execute(insert(table).values(values))
            inserted += 1
        _write_children(session, rows)
    index_records(session, [rows for rows, _ in changed])
    return LoadReport(
        inserted, len(changed) - inserted, len(bundle.records) - len(changed), revision
    )
