"""The one loading path: seeds, imports and generated data.

A load is one transaction. It writes only records whose fingerprint changed, so a
second run of the same seeds inserts and updates nothing and leaves the data revision
where it was. Every record it writes carries the load's origin; a load that syncs (a seed
run) also removes the records of its origin that the bundle no longer holds, in the same
transaction, so readers see the files' old state or their new one, never a mix.

Rows are written in batches: one ``executemany`` per table and chunk rather than one
statement per record, which is what lets a million generated statements load in
minutes. Tables are written in the bundle's foreign-key order (records, then their link
rows, then evidence), so a batch never references a row a later batch writes.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar, cast

from sqlalchemy import Delete, Insert, Table, Update, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from briefings.changes.log import record_changes
from briefings.kit import bodies
from briefings.kit.refs import Batch
from briefings.models import Evidence, sorted_tables
from briefings.resources import REGISTRY
from briefings.revision import bump_revision, current_revision
from briefings.search.index import index_records
from briefings.seeding.errors import LoadRefused
from briefings.seeding.known import by_ids
from briefings.seeding.removal import check_removable, ids_of_origin, remove
from briefings.seeding.render import LoadBatch, render_written
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
    deleted: int = 0
    # What rendered the written records' bodies: it renders them again (an item
    # document) from the load's own rows and the names it already read.
    batch: Batch | None = field(default=None, compare=False, repr=False)

    def summary(self) -> str:
        return (
            f"{self.inserted} inserted, {self.updated} updated, {self.deleted} deleted, "
            f"{self.unchanged} unchanged (data revision {self.revision})"
        )


@dataclass(frozen=True)
class LoadPlan:
    """What a load would write, found without writing: a dry run prints it, a load
    applies it."""

    origin: str
    inserts: list[tuple[RecordRows, str]]
    updates: list[tuple[RecordRows, str]]
    unchanged: int
    deletes: dict[str, set[str]]

    @property
    def deleted(self) -> int:
        return sum(len(ids) for ids in self.deletes.values())

    def changes(self) -> dict[str, dict[str, list[str]]]:
        """Ids by record type, then by action (insert, update, delete)."""
        found: dict[str, dict[str, list[str]]] = {}
        for action, changed in (("insert", self.inserts), ("update", self.updates)):
            for rows, _ in changed:
                found.setdefault(rows.type, {}).setdefault(action, []).append(rows.id)
        for record_type, ids in self.deletes.items():
            if ids:
                found.setdefault(record_type, {})["delete"] = sorted(ids)
        return found


def stored_ids(session: Session, record_types: Iterable[str]) -> dict[str, set[str]]:
    """Ids the database holds, by record type: the ``known`` of a load that builds on them."""
    found: dict[str, set[str]] = {}
    for record_type in record_types:
        table = cast(Table, MODELS[record_type].__table__)
        found[record_type] = set(session.scalars(select(table.c.id)))
    return found


@cache
def _table_order() -> dict[Table, int]:
    return {table: k for k, table in enumerate(sorted_tables())}


def _batches(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _table(rows: RecordRows) -> Table:
    return cast(Table, rows.model.__table__)


# Each statement built once per table, its values parameters: a record write runs a
# dozen of them, and building one (with its cache key) costs more than running it
# (``Resource.by_id``).
@cache
def _insert(table: Table) -> Insert:
    return insert(table)


@cache
def _update_by_key(table: Table) -> Update:
    return update(table).where(table.c.id == bindparam("_key"))


@cache
def _delete_links(table: Table) -> Delete:
    return delete(table).where(table.c.record_id.in_(bindparam("ids", expanding=True)))


@cache
def _delete_evidence() -> Delete:
    evidence = cast(Table, Evidence.__table__)
    return delete(evidence).where(
        evidence.c.record_type == bindparam("record_type"),
        evidence.c.record_id.in_(bindparam("ids", expanding=True)),
    )


def _insert_many(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    for batch in _batches(rows, BATCH):
        session.execute(_insert(table), list(batch))


def _existing(
    session: Session, records: Sequence[RecordRows]
) -> dict[tuple[str, str], tuple[str, str]]:
    """Fingerprints and origins of the bundle's records already stored, by (table, id)."""
    by_table: dict[Table, list[str]] = {}
    for rows in records:
        by_table.setdefault(_table(rows), []).append(rows.id)
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for table, ids in by_table.items():
        for batch in _batches(ids, LOOKUP_BATCH):
            query = by_ids(table, "id", "fingerprint", "origin")
            for record_id, fingerprint, origin in session.execute(query, {"ids": list(batch)}):
                found[(table.name, record_id)] = (fingerprint, origin)
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
            session.execute(_delete_links(table), {"ids": list(batch)})
    # On the table, not the ORM entity: an ORM-enabled DELETE goes through the unit of
    # work's bulk machinery, twice the cost of the statement.
    for record_type, ids in by_type.items():
        for batch in _batches(ids, LOOKUP_BATCH):
            session.execute(_delete_evidence(), {"record_type": record_type, "ids": list(batch)})


def _written_values(plan: LoadPlan, revision: int) -> list[tuple[RecordRows, dict[str, Any]]]:
    """Each updated and inserted record with the values its row will hold."""
    return [
        (
            rows,
            {
                **rows.values,
                "fingerprint": fingerprint,
                "revision": revision,
                "origin": plan.origin,
            },
        )
        for changed in (plan.updates, plan.inserts)
        for rows, fingerprint in changed
    ]


def _write_records(
    session: Session,
    plan: LoadPlan,
    written: Sequence[tuple[RecordRows, dict[str, Any]]],
    rendered: Mapping[str, Mapping[str, bytes]],
) -> None:
    """Updates changed records and inserts new ones with their bodies, table by table in
    bundle order."""
    updated = {id(rows) for rows, _ in plan.updates}
    tables: dict[Table, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
    for rows, row_values in written:
        inserts, updates = tables.setdefault(_table(rows), ([], []))
        values = {
            **row_values,
            "body": rendered[rows.type][rows.id],
            "body_version": REGISTRY.resources[rows.type].body_version,
        }
        if id(rows) in updated:
            values["_key"] = values.pop("id")
            updates.append(values)
        else:
            inserts.append(values)
    for table in sorted(tables, key=_table_order().__getitem__):
        inserts, updates = tables[table]
        for batch in _batches(updates, BATCH):
            session.execute(_update_by_key(table), list(batch))
        _insert_many(session, table, inserts)


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


def plan_load(session: Session, bundle: Bundle, origin: str, *, sync: bool = False) -> LoadPlan:
    """Compares the bundle with the database. With ``sync`` the records of ``origin`` that
    the bundle does not hold are to be deleted. Raises ``LoadRefused`` when the load would
    overwrite or unlink a record of another origin."""
    existing = _existing(session, bundle.records)
    inserts: list[tuple[RecordRows, str]] = []
    updates: list[tuple[RecordRows, str]] = []
    conflicts: list[str] = []
    for rows in bundle.records:
        fingerprint = rows.fingerprint()
        stored = existing.get((_table(rows).name, rows.id))
        if stored is None:
            inserts.append((rows, fingerprint))
        elif stored[1] != origin:
            conflicts.append(
                f"{rows.type} {rows.id!r} is already stored with origin {stored[1]!r}; "
                f"a {origin!r} load never overwrites it"
            )
        elif stored[0] != fingerprint:
            updates.append((rows, fingerprint))
    if conflicts:
        raise LoadRefused(conflicts)
    deletes: dict[str, set[str]] = {}
    if sync:
        kept: dict[str, set[str]] = {}
        for rows in bundle.records:
            kept.setdefault(rows.type, set()).add(rows.id)
        for record_type, ids in ids_of_origin(session, origin).items():
            deletes[record_type] = ids - kept.get(record_type, set())
        check_removable(session, deletes, origin)
    unchanged = len(bundle.records) - len(inserts) - len(updates)
    return LoadPlan(origin, inserts, updates, unchanged, deletes)


def apply_load(session: Session, plan: LoadPlan, changed_by: str | None = None) -> LoadReport:
    """Writes the plan into the session's transaction; the caller commits. Every record
    written, rendered again or deleted goes into the change log under ``changed_by``
    (the plan's origin unless given: an import names its key)."""
    if not plan.inserts and not plan.updates and not plan.deleted:
        return LoadReport(0, 0, plan.unchanged, current_revision(session))
    revision = bump_revision(session)
    updated = [rows for rows, _ in plan.updates]
    inserted = [rows for rows, _ in plan.inserts]
    _clear_children(session, updated)
    # Rendered from the load's own rows before they are written, so each row is
    # inserted with its body rather than read back and written again.
    written = _written_values(plan, revision)
    batch = LoadBatch(session, REGISTRY.targets, [rows for rows, _ in written])
    rendered = render_written(batch, REGISTRY.resources, written)
    # Writes go before deletions: a kept record that named a removed one is rewritten
    # first, so no foreign key points at a deleted row.
    _write_records(session, plan, written, rendered)
    _write_children(session, [*updated, *inserted])
    # Updated records replace their documents; new records have none to replace.
    index_records(session, updated)
    index_records(session, inserted, replace=False)
    deleted = remove(session, plan.deletes)
    # Records that name an updated one carry its name, and a record whose JSON still
    # names a removed one (not through a foreign key, which ``check_removable`` refused)
    # is rendered again without it: read from the database, after the writes.
    renamed: dict[str, set[str]] = {key: set(ids) for key, ids in plan.deletes.items()}
    for rows in updated:
        renamed.setdefault(rows.type, set()).add(rows.id)
    again = {
        resource.type: ids
        for resource in REGISTRY.resources.values()
        if (
            ids := bodies.mentioning(session, resource, renamed)
            - rendered.get(resource.type, {}).keys()
        )
    }
    # Only the types with records to render: each costs its statements even when empty.
    again_resources = [REGISTRY.resources[record_type] for record_type in again]
    # Their representation changes here, and the change log records it at this revision.
    for record_type, more in bodies.refresh(
        session, again_resources, REGISTRY.targets, again, {}, revision
    ).items():
        rendered.setdefault(record_type, {}).update(more)
    record_changes(session, revision, changed_by or plan.origin, rendered, plan.deletes)
    return LoadReport(len(inserted), len(updated), plan.unchanged, revision, deleted, batch)


def load_bundle(
    session: Session,
    bundle: Bundle,
    origin: str,
    *,
    sync: bool = False,
    changed_by: str | None = None,
) -> LoadReport:
    """Writes the bundle into the session's transaction, every record marked with
    ``origin``; with ``sync`` the records of that origin it does not hold are deleted."""
    return apply_load(session, plan_load(session, bundle, origin, sync=sync), changed_by)
