"""What a resource declares: everything else about a collection is the kit's."""

import builtins
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, Text, cast, or_, select
from sqlalchemy.orm import Session

from briefings.kit.filters import Filter
from briefings.kit.paging import SortKey
from briefings.kit.refs import Batch
from briefings.models import Base

Item = dict[str, Any]
Serializer = Callable[[Batch, Sequence[Any]], list[Item]]


@dataclass(frozen=True)
class Facet:
    """Counts per value over the filtered set; ``ref_type`` names the values' records."""

    name: str
    column: Any  # a model column, or a link table column
    via_link: bool = False
    ref_type: str | None = None


@dataclass(frozen=True)
class Mention:
    """A record of ``ref_type`` that this resource's JSON names (a reference carries the
    name), so a change to it renders the naming records again.

    ``column`` holds the named id: a column of the resource's table, or of a link table
    whose ``record_id`` is the naming record. With ``in_json`` the column is JSON holding
    the id among other things; it is matched as text, which can find more records than
    name it (rendering those again is harmless) but never fewer.
    """

    ref_type: str
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
    type: str
    collection: str
    title: str
    model: builtins.type[Base]
    schema: builtins.type[BaseModel]
    serialize: Serializer
    filters: Sequence[Filter] = ()
    sorts: Sequence[SortKey] = ()
    default_sort: str = "id"
    facets: Sequence[Facet] = ()
    # include name -> type of the records its references point to
    includes: dict[str, str] = field(default_factory=dict)
    # Extra, item-only fields (where an actor appears, what belongs to an area...).
    item_extras: Callable[[Batch, Any], Item] | None = None
    item_schema: builtins.type[BaseModel] | None = None
    # Every record type the listed JSON names, and where the id is kept.
    mentions: Sequence[Mention] = ()
    example_id: str = ""

    @property
    def table(self) -> Any:
        """The model's table: pages are read as plain rows (attributes named like the
        model's), since building ORM objects for read-only answers is wasted work."""
        return self.model.__table__

    def rows(
        self, session: Session, where: Sequence[Any], order_by: Sequence[Any] = ()
    ) -> list[Any]:
        return list(session.execute(select(self.table).where(*where).order_by(*order_by)))

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
