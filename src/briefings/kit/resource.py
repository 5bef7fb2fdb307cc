"""What a resource declares: everything else about a collection is the kit's.

A record's representation is its output model (Pydantic), which also publishes the
schema. The kit fills it generically: a field named like a column takes the column's
value, a field ``x`` with columns ``x_fr`` and ``x_en`` takes them as ``{fr, en}``;
references, links and evidence are declared per resource; anything else (a value
computed from several columns) comes from the resource's ``extend``. Every body, list
or item, is the output model's own JSON.
"""

import builtins
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, get_args

from pydantic import BaseModel
from sqlalchemy import Select, Table, Text, bindparam, cast, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from briefings.db import Reader
from briefings.kit.filters import Filter
from briefings.kit.paging import SortKey
from briefings.kit.refs import Batch
from briefings.models import Base

Item = dict[str, Any]
# Fields every item has, filled from the record's own columns.
IDENTITY = ("id", "type", "revision")


@dataclass(frozen=True)
class Facet:
    """Counts per value over the filtered set; ``record_type`` names the values' records."""

    name: str
    column: Any  # a model column, or a link table column
    via_link: bool = False
    record_type: str | None = None


@dataclass(frozen=True)
class Reference:
    """A field naming one record of ``record_type`` by the id its ``column`` holds (the
    output's ``speaker`` from ``speaker_id``; the seed input's ``speaker`` into it)."""

    field: str
    record_type: str
    column: InstrumentedAttribute[Any]


@dataclass(frozen=True)
class Link:
    """A field listing the record's rows of a link table, in curated order: the values
    of ``column``, or with ``record_type`` references to the records they name."""

    field: str
    table: Table
    column: str
    record_type: str | None = None


@dataclass(frozen=True)
class Nested:
    """References inside a field that a JSON column holds as written (an actor's roles
    name organisations): the seed load checks that ``ids`` of an input record exist."""

    field: str
    record_type: str
    ids: Callable[[Any], Iterable[str | None]]


@dataclass(frozen=True)
class SeedInput:
    """How a seed file writes records of this type: under ``collection``, validated by
    ``model``. Each of ``verbatim`` holds words of the source (``<field>_occurrence``
    picks one of several), checked like evidence."""

    collection: str
    model: builtins.type[BaseModel]
    verbatim: Sequence[str] = ()
    nested: Sequence[Nested] = ()


@dataclass(frozen=True)
class Mention:
    """A record of ``record_type`` that this resource's JSON names (a reference carries the
    name), so a change to it renders the naming records again.

    ``column`` holds the named id: a column of the resource's table, or of a link table
    whose ``record_id`` is the naming record. With ``in_json`` the column is JSON holding
    the id among other things; it is matched as text, which can find more records than
    name it (rendering those again is harmless) but never fewer.
    """

    record_type: str
    column: Any
    in_json: bool = False

    @property
    def chunk(self) -> int:
        # Ids per query: an IN list, or one LIKE per id.
        return 50 if self.in_json else 900

    def owners(self, ids: Sequence[str]) -> Select[Any]:
        table = self.column.table
        owner = table.c.record_id if "record_id" in table.c else table.c.id
        if self.in_json:
            text = cast(self.column, Text)
            return select(owner).where(or_(*(text.contains(f'"{i}"') for i in ids)))
        return select(owner).where(self.column.in_(ids))


@dataclass(frozen=True)
class Resource:
    """One record type: its output model (whose ``type`` literal names the type), its
    table, and how it is named, referenced, linked, filtered, sorted and seeded."""

    schema: builtins.type[BaseModel]
    collection: str
    title: str
    model: builtins.type[Base]
    # The columns that name a record of this type in a reference: (French, English).
    name: tuple[InstrumentedAttribute[Any], InstrumentedAttribute[Any]]
    references: Sequence[Reference] = ()
    links: Sequence[Link] = ()
    # Fields no column holds as they are, for a page of rows, in row order.
    extend: Callable[[Batch, Sequence[Any]], list[Item]] | None = None
    seed: SeedInput | None = None
    filters: Sequence[Filter] = ()
    sorts: Sequence[SortKey] = ()
    default_sort: str = "id"
    facets: Sequence[Facet] = ()
    # Extra, item-only fields (where an actor appears, what belongs to an area...).
    item_extras: Callable[[Batch, Any], Item] | None = None
    item_schema: builtins.type[BaseModel] | None = None
    # Names the listed JSON holds besides its references and links.
    also_mentions: Sequence[Mention] = ()
    example_id: str = ""

    @cached_property
    def type(self) -> str:
        """The record type, as the output model's ``type`` literal states it."""
        (record_type,) = get_args(self.schema.model_fields["type"].annotation)
        return str(record_type)

    @property
    def table(self) -> Any:
        """The model's table: pages are read as plain rows (attributes named like the
        model's), since building ORM objects for read-only answers is wasted work."""
        return self.model.__table__

    def rows(
        self, session: Reader, where: Sequence[Any], order_by: Sequence[Any] = ()
    ) -> list[Any]:
        return list(session.execute(select(self.table).where(*where).order_by(*order_by)))

    @cached_property
    def by_id(self) -> Select[Any]:
        """The row of the record whose id is the parameter ``id``. Built once: building a
        statement and its cache key cost three times what running it does (175 against
        48 us, docs/performance.md), and a record write reads its row three times."""
        return select(self.table).where(self.table.c.id == bindparam("id"))

    def row(self, session: Reader, record_id: str) -> Any | None:
        """The record's row, or None."""
        return session.execute(self.by_id, {"id": record_id}).first()

    @property
    def id_column(self) -> Any:
        # The primary key of every curated record, which ends every ORDER BY.
        return self.model.id  # type: ignore[attr-defined]

    @property
    def detail_schema(self) -> builtins.type[BaseModel]:
        return self.item_schema or self.schema

    @property
    def sort_keys(self) -> dict[str, SortKey]:
        return {key.name: key for key in self.sorts}

    @cached_property
    def includes(self) -> dict[str, str]:
        """Include name -> type of the records its references point to: every reference
        and referencing link, in the output model's field order."""
        declared = {ref.field: ref.record_type for ref in self.references}
        declared |= {link.field: link.record_type for link in self.links if link.record_type}
        return {name: declared[name] for name in self.schema.model_fields if name in declared}

    @cached_property
    def mentions(self) -> tuple[Mention, ...]:
        """Every record type the listed JSON names, and where the id is kept."""
        return (
            *(Mention(ref.record_type, ref.column) for ref in self.references),
            *(
                Mention(link.record_type, link.table.c[link.column])
                for link in self.links
                if link.record_type
            ),
            *self.also_mentions,
        )

    @cached_property
    def body_version(self) -> str:
        """A short hash of the published schema: a release that changes the
        representation changes it, and ``migrate`` renders the bodies again."""
        schema = self.schema.model_json_schema(mode="serialization")
        encoded = json.dumps(schema, sort_keys=True).encode()
        return hashlib.sha256(encoded).hexdigest()[:16]

    @cached_property
    def _copied(self) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
        """Fields taken from a same-named column, and from an ``_fr``/``_en`` pair."""
        taken = {*IDENTITY, "evidence", *(r.field for r in self.references)}
        taken |= {link.field for link in self.links}
        columns = self.table.c
        plain: list[tuple[str, str]] = []
        pairs: list[tuple[str, str, str]] = []
        for name in self.schema.model_fields:
            if name in taken:
                continue
            if name in columns:
                plain.append((name, name))
            elif f"{name}_fr" in columns and f"{name}_en" in columns:
                pairs.append((name, f"{name}_fr", f"{name}_en"))
        return plain, pairs

    def fields(self, batch: Batch, rows: Sequence[Any]) -> list[Item]:
        """Each row's values under the output model's field names, not yet validated."""
        record_type = self.type
        ids = [row.id for row in rows]
        plain, pairs = self._copied
        refs = [
            (
                ref.field,
                ref.column.key,
                batch.refs(ref.record_type, [getattr(r, ref.column.key) for r in rows]),
            )
            for ref in self.references
        ]
        links = [
            (
                link.field,
                batch.linked_refs(link.table, link.column, link.record_type, ids)
                if link.record_type
                else batch.links(link.table, link.column, ids),
            )
            for link in self.links
        ]
        cited = "evidence" in self.schema.model_fields
        evidence = batch.evidence(record_type, ids) if cited else {}
        extended = self.extend(batch, rows) if self.extend else None
        items: list[Item] = []
        for position, row in enumerate(rows):
            item: Item = {"id": row.id, "type": record_type, "revision": row.revision}
            for name, column in plain:
                item[name] = getattr(row, column)
            for name, fr, en in pairs:
                text = getattr(row, fr)
                item[name] = None if text is None else {"fr": text, "en": getattr(row, en)}
            for name, column, found in refs:
                key = getattr(row, column)
                item[name] = None if key is None else found.get(key)
            for name, linked in links:
                item[name] = linked.get(row.id, [])
            if cited:
                item["evidence"] = evidence.get(row.id, [])
            if extended is not None:
                item.update(extended[position])
            items.append(item)
        return items

    def render(self, batch: Batch, rows: Sequence[Any]) -> dict[str, bytes]:
        """Each row's body, by id: the output model's JSON, so a body is valid against
        the published schema by construction."""
        schema = self.schema
        to_json = schema.__pydantic_serializer__.to_json
        return {
            item["id"]: to_json(schema.model_validate(item)) for item in self.fields(batch, rows)
        }

    def serialize(self, batch: Batch, rows: Sequence[Any]) -> list[Item]:
        """The rows as listed, as JSON values."""
        schema = self.schema
        return [schema.model_validate(i).model_dump(mode="json") for i in self.fields(batch, rows)]

    def detail(self, batch: Batch, row: Any) -> Item:
        """One record as its item route answers it: the listed fields and the extras."""
        item = self.fields(batch, [row])[0]
        if self.item_extras is not None:
            item.update(self.item_extras(batch, row))
        return self.detail_schema.model_validate(item).model_dump(mode="json")
