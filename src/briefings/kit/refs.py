"""Compact references and batched look-ups for a page of records.

A page is serialised with one query per related table, never one per row: the batch
collects the ids a page mentions and fetches their links, evidence and names at once.
Each query is built once, its ids one expanding parameter: building the statement and
coercing each id of a literal IN list cost more than running it (a record write renders
its item twice, docs/performance.md).
"""

import builtins
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Select, Table, bindparam, select

from briefings.db import Reader
from briefings.models import Base, Evidence


@dataclass(frozen=True)
class RefTarget:
    """How to name a record of one type in a reference."""

    type: str
    collection: str
    model: builtins.type[Base]
    name_fr: Any  # a column of the model
    name_en: Any

    def href(self, record_id: str) -> str:
        return f"/v1/{self.collection}/{record_id}"


Ref = dict[str, Any]


class Batch:
    def __init__(self, session: Reader, targets: dict[str, RefTarget]) -> None:
        self.session = session
        self.targets = targets

    def links(self, table: Table, column: str, ids: Iterable[str]) -> dict[str, list[Any]]:
        found: dict[str, list[Any]] = {}
        for record_id, value in self.session.execute(_links(table, column), {"ids": list(ids)}):
            found.setdefault(record_id, []).append(value)
        return found

    def linked_refs(
        self, table: Table, column: str, record_type: str, ids: Iterable[str]
    ) -> dict[str, list[Ref]]:
        """Each record's links (areas, sources...) as references, in curated order."""
        links = self.links(table, column, ids)
        refs = self.refs(record_type, [named for values in links.values() for named in values])
        return {record_id: ref_list(refs, values) for record_id, values in links.items()}

    def evidence(self, record_type: str, ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        wanted = {"record_type": record_type, "ids": list(ids)}
        for span in self.session.execute(_evidence(), wanted):
            found.setdefault(span.record_id, []).append(
                evidence_of(span.source_id, span.start, span.end, span.text)
            )
        return found

    def refs(self, record_type: str, ids: Iterable[str | None]) -> dict[str, Ref]:
        wanted = sorted({i for i in ids if i is not None})
        if not wanted:
            return {}
        target = self.targets[record_type]
        return {
            record_id: ref_of(target, record_id, name_fr, name_en)
            for record_id, name_fr, name_en in self.session.execute(
                names_query(target), {"ids": wanted}
            )
        }


@cache
def _links(table: Table, column: str) -> Select[Any]:
    return (
        select(table.c.record_id, table.c[column])
        .where(table.c.record_id.in_(bindparam("ids", expanding=True)))
        .order_by(table.c.record_id, table.c.position)
    )


@cache
def _evidence() -> Select[str, str, int, int, str]:
    return (
        select(Evidence.record_id, Evidence.source_id, Evidence.start, Evidence.end, Evidence.text)
        .where(
            Evidence.record_type == bindparam("record_type"),
            Evidence.record_id.in_(bindparam("ids", expanding=True)),
        )
        .order_by(Evidence.record_id, Evidence.position)
    )


@cache
def names_query(target: RefTarget) -> Select[Any]:
    """The id and names of the records of ``target`` whose ids are the parameter ``ids``."""
    id_column = target.model.__table__.c.id
    return select(id_column, target.name_fr, target.name_en).where(
        id_column.in_(bindparam("ids", expanding=True))
    )


def ref_of(target: RefTarget, record_id: str, name_fr: Any, name_en: Any) -> Ref:
    """A reference as every body carries it, whether its names come from the database or
    from the load that writes the record (``seeding/render.py``)."""
    return {
        "id": record_id,
        "type": target.type,
        "name": {"fr": name_fr, "en": name_en},
        "href": target.href(record_id),
    }


def evidence_of(source_id: str, start: int, end: int, text: str) -> dict[str, Any]:
    """One span of evidence as every body carries it."""
    return {
        "source_id": source_id,
        "start": start,
        "end": end,
        "text": text,
        "href": f"/v1/sources/{source_id}",
    }


def ref_list(refs: dict[str, Ref], ids: Iterable[str]) -> list[Ref]:
    return [refs[i] for i in ids if i in refs]
