"""The bodies of the records a load writes, rendered from the load's own rows.

A body is its output model's JSON (``Resource.render``), filled by ``Resource.fields``
from a row, its link rows, its evidence and the names of the records it references. The
load holds all of that but the names of records outside it, so rendering here reads
only those, and the rows are inserted with their bodies. Reading every written record
back (its row, links and evidence: a query each per type) and writing its body again in
an UPDATE cost an imported article about a third of its time (docs/performance.md).

The rows given to ``fields`` are the values the database returns for what the load
writes: every column, the load's revision and origin, floats as floats (SQLite gives a
REAL column's ``5`` back as ``5.0``). ``tests/test_bodies.py`` holds the bodies equal
to a rendering read from the database.
"""

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Float, Table
from sqlalchemy.orm import Session

from briefings.kit.refs import Batch, Ref, RefTarget, evidence_of, names_query, ref_of
from briefings.kit.resource import Resource
from briefings.seeding.rows import RecordRows

# Ids per look-up of the names outside the load: under SQLite's limit of bound parameters.
NAMES_BATCH = 500


class LoadBatch(Batch):
    """A ``Batch`` that answers from the load's rows for the records the load writes,
    and from the database for the others (names once per id). After the load it renders
    a written record again without reading back what it wrote: a record write answers
    with its item document (``writes/records.py``)."""

    def __init__(
        self, session: Session, targets: dict[str, RefTarget], records: Iterable[RecordRows]
    ) -> None:
        super().__init__(session, targets)
        self.records: dict[tuple[str, str], RecordRows] = {}
        self.linked: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for rows in records:
            self.records[(rows.type, rows.id)] = rows
            for table, link_rows in rows.links.items():
                self.linked[(table.name, rows.id)] = link_rows
        self.stored: dict[str, dict[str, Ref | None]] = {}

    def links(self, table: Table, column: str, ids: Iterable[str]) -> dict[str, list[Any]]:
        found: dict[str, list[Any]] = {}
        others: list[str] = []
        for record_id in ids:
            # A record of the load has its rows of every link table of its type, if none.
            link_rows = self.linked.get((table.name, record_id))
            if link_rows is None:
                others.append(record_id)
            elif link_rows:
                ordered = sorted(link_rows, key=lambda link: int(link["position"]))
                found[record_id] = [link[column] for link in ordered]
        if others:
            found.update(super().links(table, column, others))
        return found

    def evidence(self, record_type: str, ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        others: list[str] = []
        for record_id in ids:
            rows = self.records.get((record_type, record_id))
            if rows is None:
                others.append(record_id)
            elif rows.evidence:
                found[record_id] = [
                    evidence_of(span.source_id, span.start, span.end, span.text)
                    for span in rows.evidence
                ]
        if others:
            found.update(super().evidence(record_type, others))
        return found

    def refs(self, record_type: str, ids: Iterable[str | None]) -> dict[str, Ref]:
        target = self.targets[record_type]
        stored = self.stored.setdefault(record_type, {})
        found: dict[str, Ref] = {}
        missing: list[str] = []
        for record_id in sorted({i for i in ids if i is not None}):
            rows = self.records.get((record_type, record_id))
            if rows is not None:
                values = rows.values
                fr, en = values[target.name_fr.key], values[target.name_en.key]
                found[record_id] = ref_of(target, record_id, fr, en)
            elif record_id in stored:
                ref = stored[record_id]
                if ref is not None:
                    found[record_id] = ref
            else:
                missing.append(record_id)
        self.look_up(record_type, missing)
        found.update((i, ref) for i in missing if (ref := stored[i]) is not None)
        return found

    def look_up(self, record_type: str, ids: Iterable[str]) -> None:
        """Reads the names of these stored records, for the references to come."""
        stored = self.stored.setdefault(record_type, {})
        wanted = sorted(
            {i for i in ids if i not in stored and (record_type, i) not in self.records}
        )
        if not wanted:
            return
        target = self.targets[record_type]
        query = names_query(target)
        for start in range(0, len(wanted), NAMES_BATCH):
            chunk = wanted[start : start + NAMES_BATCH]
            stored.update((record_id, None) for record_id in chunk)
            for record_id, fr, en in self.session.execute(query, {"ids": chunk}):
                stored[record_id] = ref_of(target, record_id, fr, en)


@cache
def _columns(table: Table) -> tuple[dict[str, None], tuple[str, ...]]:
    """Every column of the table (as the row's defaults) and its REAL columns."""
    floats = tuple(column.name for column in table.columns if isinstance(column.type, Float))
    return {column.name: None for column in table.columns}, floats


def _row(table: Table, values: Mapping[str, Any]) -> SimpleNamespace:
    defaults, floats = _columns(table)
    row = {**defaults, **values}
    for name in floats:
        if isinstance(row[name], int):
            row[name] = float(row[name])
    return SimpleNamespace(**row)


def render_written(
    batch: LoadBatch,
    resources: Mapping[str, Resource],
    written: Sequence[tuple[RecordRows, dict[str, Any]]],
) -> dict[str, dict[str, bytes]]:
    """The body of each record the load writes, by record type and id: each given as its
    rows and the values its table row will hold (with revision and origin); ``batch``
    holds the same records."""
    # The names of every record the written ones reference, read at once per type.
    named: dict[str, set[str]] = {}
    for rows, _ in written:
        resource = resources[rows.type]
        for ref in resource.references:
            if (value := rows.values.get(ref.column.key)) is not None:
                named.setdefault(ref.record_type, set()).add(value)
        for link in resource.links:
            if link.record_type:
                linked = (link_row[link.column] for link_row in rows.links.get(link.table, ()))
                named.setdefault(link.record_type, set()).update(linked)
    for record_type, ids in named.items():
        batch.look_up(record_type, ids)
    by_type: dict[str, list[SimpleNamespace]] = {}
    for rows, values in written:
        by_type.setdefault(rows.type, []).append(_row(cast(Table, rows.model.__table__), values))
    return {
        record_type: resources[record_type].render(batch, rows)
        for record_type, rows in by_type.items()
    }
