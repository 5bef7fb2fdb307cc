"""Writing the change log, inside the transaction that changes the records."""

from collections.abc import Mapping, Set
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, insert, text
from sqlalchemy.orm import Session

from briefings.catalog import RecordType
from briefings.models import Change

UPSERT = "upsert"
DELETE = "delete"
# PostgreSQL's channel: every process's live tails listen on it (``changes.signal``).
CHANNEL = "briefings_changes"
# Rows per executemany, as the loader writes records.
BATCH = 2000

_ORDER: dict[str, int] = {str(record_type): k for k, record_type in enumerate(RecordType)}
# Built once: every write runs it (``Resource.by_id`` says why).
_INSERT = insert(cast(Table, Change.__table__))
_NOTIFY = text(f"NOTIFY {CHANNEL}")


def record_changes(
    session: Session,
    revision: int,
    origin: str,
    upserts: Mapping[str, Mapping[str, bytes]],
    deletes: Mapping[str, Set[str]],
) -> int:
    """One row per record written (with the body it now has) and per record deleted, in
    catalogue order then id order; returns how many."""
    now = datetime.now(UTC)
    rows: list[dict[str, Any]] = []
    for record_type in sorted(upserts, key=_ORDER.__getitem__):
        for record_id, body in sorted(upserts[record_type].items()):
            rows.append(_row(revision, record_type, record_id, UPSERT, now, origin, body))
    # Deletions in reverse catalogue order, as they happen: referrers before referents.
    for record_type in sorted(deletes, key=_ORDER.__getitem__, reverse=True):
        for record_id in sorted(deletes[record_type]):
            rows.append(_row(revision, record_type, record_id, DELETE, now, origin, None))
    for start in range(0, len(rows), BATCH):
        session.execute(_INSERT, rows[start : start + BATCH])
    if rows and session.get_bind().dialect.name == "postgresql":
        # Delivered when the transaction commits, never if it rolls back.
        session.execute(_NOTIFY)
    return len(rows)


def _row(
    revision: int,
    record_type: str,
    record_id: str,
    operation: str,
    now: datetime,
    origin: str,
    body: bytes | None,
) -> dict[str, Any]:
    return {
        "revision": revision,
        "record_type": record_type,
        "record_id": record_id,
        "operation": operation,
        "changed_at": now,
        "origin": origin,
        "body": body,
    }
