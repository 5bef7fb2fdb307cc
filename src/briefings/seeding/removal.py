"""Removing records with everything that hangs on them: link rows, evidence and search
documents. One path for a seed run (the records the files no longer hold) and for
``briefings prune`` (every record of an origin).

Records are removed children first, in the reverse of the metadata's foreign-key order,
so no statement ever points at a visit already gone. A record of another origin that
points at one being removed (a foreign key, a link row, evidence in a removed source)
refuses the whole removal: deleting the link would change that record behind its
writer's back, and the foreign key would fail anyway.
"""

from collections.abc import Iterator, Mapping, Sequence, Set
from functools import cache
from typing import TypeVar, cast

from sqlalchemy import Column, Table, delete, select
from sqlalchemy.orm import Session

from briefings.models import Evidence, sorted_tables
from briefings.search.index import delete_documents
from briefings.seeding.errors import LoadRefused
from briefings.seeding.resolve import MODELS

# Ids per ``IN (...)``: under SQLite's default limit of bound parameters.
CHUNK = 900

Removal = Mapping[str, Set[str]]
"""Ids to remove, by record type."""

T = TypeVar("T")


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _tables() -> dict[Table, str]:
    """Record table -> record type."""
    return {cast(Table, model.__table__): record_type for record_type, model in MODELS.items()}


def _owner_column(table: Table, types: dict[Table, str]) -> tuple[Column[str], str | None]:
    """The column holding the id of the record a row belongs to, and that record's type
    when the table says it by itself (``None`` for evidence, which stores the type)."""
    if table in types:
        return table.c.id, types[table]
    owner = table.c.record_id
    for key in owner.foreign_keys:
        return owner, types.get(key.column.table)
    return owner, None


def ids_of_origin(session: Session, origin: str) -> dict[str, set[str]]:
    """Every stored id written by ``origin``, by record type."""
    found: dict[str, set[str]] = {}
    for table, record_type in _tables().items():
        found[record_type] = set(
            session.scalars(select(table.c.id).where(table.c.origin == origin))
        )
    return found


def _origins(session: Session, record_type: str, ids: Set[str]) -> dict[str, str]:
    table = cast(Table, MODELS[record_type].__table__)
    found: dict[str, str] = {}
    for chunk in _chunks(sorted(ids)):
        query = select(table.c.id, table.c.origin).where(table.c.id.in_(chunk))
        found.update((record_id, origin) for record_id, origin in session.execute(query))
    return found


def check_removable(session: Session, removing: Removal, origin: str) -> None:
    """Raises ``LoadRefused`` naming every record of another origin that points at a
    record about to be removed. Records of ``origin`` itself are not asked: a seed run
    has just rewritten (or is about to) every one it keeps."""
    types = _tables()
    pointers: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for table in sorted_tables():
        if table not in types and "record_id" not in table.c:
            continue
        owner, owner_type = _owner_column(table, types)
        for key in table.foreign_keys:
            target_type = types.get(key.column.table)
            column = key.parent
            if target_type is None or column is owner or not removing.get(target_type):
                continue
            kind = table.c.record_type if owner_type is None else None
            for chunk in _chunks(sorted(removing[target_type])):
                query = select(owner, column, *([] if kind is None else [kind])).where(
                    column.in_(chunk)
                )
                for row in session.execute(query):
                    found_type = owner_type or str(row[2])
                    if row[0] not in removing.get(found_type, ()):
                        pointers.setdefault((found_type, row[0]), set()).add((target_type, row[1]))
    by_type: dict[str, set[str]] = {}
    for found_type, owner_id in pointers:
        by_type.setdefault(found_type, set()).add(owner_id)
    reasons: list[str] = []
    for found_type, owner_ids in sorted(by_type.items()):
        for owner_id, owner_origin in sorted(_origins(session, found_type, owner_ids).items()):
            if owner_origin == origin:
                continue
            for target_type, target_id in sorted(pointers[(found_type, owner_id)]):
                reasons.append(
                    f"{target_type} {target_id!r} cannot be removed: {found_type} {owner_id!r} "
                    f"(origin {owner_origin!r}) names it"
                )
    if reasons:
        raise LoadRefused(reasons)


@cache
def _link_tables() -> dict[Table, list[Table]]:
    """The link tables of each record table (their ``record_id`` names its rows)."""
    types = _tables()
    links: dict[Table, list[Table]] = {}
    for table in sorted_tables():
        if table in types or "record_id" not in table.c:
            continue
        for key in table.c.record_id.foreign_keys:
            links.setdefault(key.column.table, []).append(table)
    return links


def remove(session: Session, removing: Removal) -> int:
    """Deletes the records and their link rows, evidence and search documents, in the
    session's transaction; returns how many records went."""
    types = _tables()
    links = _link_tables()
    count = 0
    for table in reversed(sorted_tables()):
        record_type = types.get(table)
        ids = sorted(removing.get(record_type, ())) if record_type else []
        if not record_type or not ids:
            continue
        for chunk in _chunks(ids):
            for link in links.get(table, []):
                session.execute(delete(link).where(link.c.record_id.in_(chunk)))
            session.execute(
                delete(Evidence).where(
                    Evidence.record_type == record_type, Evidence.record_id.in_(chunk)
                )
            )
            session.execute(delete(table).where(table.c.id.in_(chunk)))
        delete_documents(session, [(record_type, record_id) for record_id in ids])
        count += len(ids)
    return count
