"""How a seed record becomes rows, for any record type: columns, link rows, and the
checks of its references and verbatim words.

Nothing here knows a record type's fields. An input field named like a column fills
it; a ``Localized`` field ``x`` fills ``x_fr`` and ``x_en``; a nested model or a list of
them is stored as its JSON. References, links, verbatim words and references nested in
JSON are what the resource declares.
"""

from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import Any, Protocol

from pydantic import BaseModel

from briefings.kit.resource import Resource
from briefings.schemas import Quote
from briefings.seeding.quotes import Span
from briefings.seeding.rows import RecordRows
from briefings.vocab import Localized


class Checker(Protocol):
    """What a builder may ask of the resolution under way."""

    def span(
        self, collection: str, index: int, record_id: str, field: str, quote: Quote
    ) -> Span | None: ...

    def refs(
        self,
        collection: str,
        index: int,
        record_id: str,
        field: str,
        record_type: str,
        values: Iterable[str | None],
    ) -> None: ...


def _stored(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, list | tuple):
        return [_stored(item) for item in value]
    return value


@cache
def _columns_of(
    table: Any, model: type[BaseModel], skip: frozenset[str]
) -> tuple[tuple[str, bool, bool], ...]:
    """Each field to copy, whether ``x_fr``/``x_en`` exist for it, and whether ``x`` does:
    asked once per model, not per record (a load copies every record's fields)."""
    columns = table.c
    return tuple(
        (name, f"{name}_fr" in columns, name in columns)
        for name in model.model_fields
        if name not in skip
    )


def copy_columns(table: Any, record: BaseModel, skip: Iterable[str] = ()) -> dict[str, Any]:
    """The record's fields that have a column (``x``, or ``x_fr``/``x_en`` for a
    ``Localized``), as column values."""
    values: dict[str, Any] = {}
    for name, paired, plain in _columns_of(table, type(record), frozenset(skip)):
        value = getattr(record, name)
        if paired and (value is None or isinstance(value, Localized)):
            values[f"{name}_fr"] = None if value is None else value.fr
            values[f"{name}_en"] = None if value is None else value.en
        elif plain:
            values[name] = _stored(value)
        else:
            raise TypeError(f"{type(record).__name__}.{name}: no column {table.name}.{name}")
    return values


def _not_columns(resource: Resource) -> frozenset[str]:
    """Input fields that fill no column of their own name."""
    assert resource.seed is not None
    return frozenset(
        {
            "evidence",
            *(ref.field for ref in resource.references),
            *(link.field for link in resource.links),
            *(f"{field}_occurrence" for field in resource.seed.verbatim),
        }
    )


def _positioned(name: str, values: Iterable[Any]) -> list[dict[str, Any]]:
    return [{name: value, "position": i} for i, value in enumerate(values)]


def named(resource: Resource, record: Any) -> Iterator[tuple[str, str]]:
    """Every (record type, id) an input record names: the ids ``build`` checks."""
    assert resource.seed is not None
    for link in resource.links:
        if link.record_type:
            yield from ((link.record_type, value) for value in getattr(record, link.field))
    for ref in resource.references:
        value = getattr(record, ref.field)
        if value is not None:
            yield ref.record_type, value
    for nested in resource.seed.nested:
        yield from ((nested.record_type, v) for v in nested.ids(record) if v is not None)


def build(checker: Checker, resource: Resource, index: int, record: Any) -> RecordRows:
    """The rows of one input record; problems go to ``checker``."""
    seed = resource.seed
    assert seed is not None
    collection = seed.collection
    record_id: str = record.id
    values = copy_columns(resource.table, record, _not_columns(resource))
    links: dict[Any, list[dict[str, Any]]] = {}
    listed: set[tuple[str, str]] = set()
    for link in resource.links:
        linked = getattr(record, link.field)
        if link.record_type:
            checker.refs(collection, index, record_id, link.field, link.record_type, linked)
            listed.update((link.record_type, value) for value in linked)
        links[link.table] = _positioned(link.column, linked)
    for ref in resource.references:
        named = getattr(record, ref.field)
        # A reference that repeats a linked id (a statement's first speaker) was checked
        # with the link: one mistake, one problem.
        if (ref.record_type, named) not in listed:
            checker.refs(collection, index, record_id, ref.field, ref.record_type, [named])
        values[ref.column.key] = named
    for nested in seed.nested:
        checker.refs(
            collection, index, record_id, nested.field, nested.record_type, nested.ids(record)
        )
    for field in seed.verbatim:
        occurrence = getattr(record, f"{field}_occurrence")
        quote = Quote(quote=getattr(record, field), occurrence=occurrence)
        checker.span(collection, index, record_id, field, quote)
    return RecordRows(resource.type, resource.model, values, links)


def builders(resources: Iterable[Resource]) -> Mapping[str, Resource]:
    """Seed collection -> the resource whose records it holds, in load order."""
    return {r.seed.collection: r for r in resources if r.seed is not None}
