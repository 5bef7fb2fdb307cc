"""Facet counts: records per value of each asked field, over the filtered set.

Every facet of a request is counted in one statement over the filtered ids, found once
(a materialized CTE): one statement per facet found them again each time, and for a
full-text filter that is most of the work (``q=commerce`` with four facets at 100k
statements: 190 ms of CPU against 60). Without a filter no set is made at all: the
counts come straight from each field's index, as the whole collection is the set (a
link row always has its record: they are deleted together).
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal, select, union_all

from briefings.db import Reader
from briefings.kit.refs import Batch
from briefings.kit.resource import Facet, Item, Resource


def _counts(
    resource: Resource, facet: Facet, position: int, among: Select[Any] | None
) -> Select[Any]:
    """One facet's (position, value, count) rows, ``among`` the filtered ids if given."""
    column = facet.column
    owner: ColumnElement[Any] = (
        column.table.c.record_id if facet.via_link else resource.id_column.expression
    )
    query = select(literal(position).label("facet"), column.label("value"), func.count().label("n"))
    if among is not None:
        query = query.where(owner.in_(among))
    return query.where(column.is_not(None)).group_by(column)


def count_facets(
    session: Reader,
    batch: Batch,
    resource: Resource,
    names: Sequence[str],
    where: Sequence[ColumnElement[bool]],
    params: dict[str, Any],
) -> dict[str, list[Item]]:
    """Each named facet's counts per value, most frequent first, then by value; ``names``
    each once."""
    by_name = {facet.name: facet for facet in resource.facets}
    chosen = [by_name[name] for name in names]
    among = None
    if where:
        filtered = (
            select(resource.id_column).where(*where).cte("filtered").prefix_with("MATERIALIZED")
        )
        among = select(filtered.c[0])
    counted = union_all(
        *(_counts(resource, facet, position, among) for position, facet in enumerate(chosen))
    ).subquery("counted")
    query = select(counted.c.facet, counted.c.value, counted.c.n).order_by(
        counted.c.facet, counted.c.n.desc(), counted.c.value
    )
    found: list[list[tuple[Any, int]]] = [[] for _ in chosen]
    for position, value, count in session.execute(query, params):
        found[position].append((value, count))
    out: dict[str, list[Item]] = {}
    for facet, counts in zip(chosen, found, strict=True):
        refs = batch.refs(facet.record_type, [v for v, _ in counts]) if facet.record_type else {}
        out[facet.name] = [
            {"value": value, "count": count, **({"ref": refs[value]} if value in refs else {})}
            for value, count in counts
        ]
    return out
