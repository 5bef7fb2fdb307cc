"""Each record's JSON, rendered when the record is written and read back with its page.

A page of fifty records costs little to find by keyset and much to serialise (links,
references and evidence take a query each, then the JSON). Reads outnumber writes by
far, so that work moves to the write: a load renders the records it wrote, and renders
again every record that names one it updated, since a reference carries the name. Who
names whom is derived from each resource's references and links (``Resource.mentions``),
so the kit finds them with one indexed query per declaration.

A body is the output model's JSON (``Resource.render``) and carries ``body_version``,
the hash of that model's schema. A release that changes a representation changes the
version, and ``render_stale`` (run by ``migrate`` and ``serve``) renders again every
body of another version, so list pages never lag item pages. A record without a body
(a database upgraded by hand, without ``briefings migrate``) is rendered when read, so
a missing body is slow, never wrong.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.orm import Session

from briefings.db import Reader
from briefings.kit.refs import Batch, RefTarget
from briefings.kit.resource import Resource

# Records rendered per batch of queries: the batch's IN lists stay under SQLite's limit
# of bound parameters.
RENDER_BATCH = 500

T = TypeVar("T")


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def render(batch: Batch, resource: Resource, rows: Sequence[Any]) -> dict[str, bytes]:
    """The listed JSON of each row, by id."""
    return resource.render(batch, rows)


def mentioning(
    session: Reader, resource: Resource, changed: Mapping[str, Iterable[str]]
) -> set[str]:
    """Ids of the resource's records that name any of the changed records (by type)."""
    found: set[str] = set()
    for mention in resource.mentions:
        ids = sorted(changed.get(mention.record_type, ()))
        for chunk in _chunks(ids, mention.chunk):
            found.update(session.scalars(mention.owners(chunk)))
    return found


def store(
    session: Session,
    targets: dict[str, RefTarget],
    resource: Resource,
    ids: Iterable[str],
    revision: int | None = None,
) -> dict[str, bytes]:
    """Renders the records with these ids and writes their bodies, in batches; returns
    the bodies written, by id (the change log records them). With ``revision`` their
    representation changed at that data revision (a name they carry), and says so."""
    table = resource.table
    statement = (
        update(table)
        .where(table.c.id == bindparam("_key"))
        .values(body=bindparam("_body"), body_version=resource.body_version)
    )
    written: dict[str, bytes] = {}
    for chunk in _chunks(sorted(set(ids)), RENDER_BATCH):
        if revision is not None:
            # Before rendering: the body carries the record's revision.
            session.execute(
                update(table).where(resource.id_column.in_(chunk)).values(revision=revision)
            )
        rows = resource.rows(session, [resource.id_column.in_(chunk)])
        bodies = resource.render(Batch(session, targets), rows)
        if bodies:
            session.execute(statement, [{"_key": k, "_body": v} for k, v in bodies.items()])
        written.update(bodies)
    return written


def refresh(
    session: Session,
    resources: Iterable[Resource],
    targets: dict[str, RefTarget],
    written: Mapping[str, Iterable[str]],
    updated: Mapping[str, Iterable[str]],
    revision: int | None = None,
) -> dict[str, dict[str, bytes]]:
    """Renders the written records, and those naming an updated one, inside the load's
    transaction: a reader never sees new data with an old body. Returns every body
    rendered, by record type and id; ``revision`` as ``store`` takes it."""
    rendered: dict[str, dict[str, bytes]] = {}
    for resource in resources:
        ids = set(written.get(resource.type, ())) | mentioning(session, resource, updated)
        bodies = store(session, targets, resource, ids, revision)
        if bodies:
            rendered[resource.type] = bodies
    return rendered


def render_stale(
    session: Session, resources: Iterable[Resource], targets: dict[str, RefTarget]
) -> int:
    """Renders every record whose body is missing or was rendered by another version of
    its representation; returns how many."""
    count = 0
    for resource in resources:
        table = resource.table
        version = table.c.body_version
        stale = select(table.c.id).where(
            or_(table.c.body.is_(None), version.is_(None), version != resource.body_version)
        )
        count += len(store(session, targets, resource, list(session.scalars(stale))))
    return count
