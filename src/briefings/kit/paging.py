"""Sorting and keyset paging.

Paging is by keyset rather than offset: a cursor carries the sort values of the last
row sent, so a page is found through an index however deep it is, and rows inserted
before the cursor neither repeat nor shift the next page. The primary key ends every
ORDER BY, which makes the order total and the cursor unambiguous.
"""

import base64
import binascii
import datetime as dt
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import ColumnElement, and_, bindparam, func, literal, literal_column, or_, tuple_
from sqlalchemy.orm import InstrumentedAttribute

from briefings.errors import invalid_parameter


@dataclass(frozen=True)
class SortKey:
    """A field clients may sort by; ``missing`` stands in for null so keyset comparisons hold."""

    name: str
    column: InstrumentedAttribute[Any]
    missing: Any = None

    def expression(self) -> ColumnElement[Any]:
        if self.missing is None:
            return self.column.expression
        # The stand-in is written into the SQL, not bound: an index on this expression
        # (``models.base.SORT_INDEXES``) serves the sort only when the query's expression
        # is the index's own; with a parameter there, every sorted page sorted the table.
        # Written when the plan is built, so the SQL stays the same for every request.
        written = literal(self.missing, type_=self.column.type).compile(
            compile_kwargs={"literal_binds": True}
        )
        return func.coalesce(self.column, literal_column(str(written), type_=self.column.type))


@dataclass(frozen=True)
class Order:
    keys: tuple[tuple[SortKey, bool], ...]  # (key, descending)

    @property
    def signature(self) -> str:
        return ",".join(("-" if desc else "") + key.name for key, desc in self.keys)

    @property
    def id_descending(self) -> bool:
        # The id follows the last key's direction: with every key one way, the order is a
        # single row-value comparison that an index (key, id) answers in one range.
        return self.keys[-1][1] if self.keys else False

    def by_id_only(self, id_column: InstrumentedAttribute[str]) -> bool:
        return len(self.keys) == 1 and self.keys[0][0].column is id_column

    def columns(
        self, id_column: InstrumentedAttribute[str]
    ) -> list[tuple[ColumnElement[Any], bool]]:
        """The ORDER BY columns: the sort keys, then the id unless the last key is it."""
        columns = [(key.expression(), desc) for key, desc in self.keys]
        if not self.keys or self.keys[-1][0].column is not id_column:
            columns.append((id_column.expression, self.id_descending))
        return columns

    def order_by(self, id_column: InstrumentedAttribute[str]) -> list[ColumnElement[Any]]:
        return [column.desc() if desc else column.asc() for column, desc in self.columns(id_column)]

    def values_in(self, row: tuple[Any, ...], id_column: InstrumentedAttribute[str]) -> list[Any]:
        """A cursor's values from a page row laid out as (id, the other keys...,
        anything): each key's, then the id (always, so every cursor has one shape)."""
        values = []
        position = 1
        for key, _desc in self.keys:
            if key.column is id_column:
                value = row[0]
            else:
                value = row[position]
                position += 1
            values.append(key.missing if value is None else value)
        return [*values, row[0]]

    def bound(self, id_column: InstrumentedAttribute[str], values: list[Any]) -> dict[str, Any]:
        """The cursor's values as the parameters ``after`` names (k0, k1...)."""
        used = values if len(self.columns(id_column)) == len(values) else values[:-1]
        return {f"k{depth}": value for depth, value in enumerate(used)}

    def after(self, id_column: InstrumentedAttribute[str]) -> ColumnElement[bool]:
        """Rows strictly after the cursor, whose values are bound as k0, k1...:
        ``(a, b) > (:k0, :k1)`` when every key runs the same way, else
        (a > :k0) or (a = :k0 and b > :k1) ..."""
        columns = self.columns(id_column)
        bounds = [bindparam(f"k{depth}", type_=c.type) for depth, (c, _) in enumerate(columns)]
        directions = {desc for _column, desc in columns}
        if len(directions) == 1:
            descending = directions.pop()
            if len(columns) == 1:
                column = columns[0][0]
                return column < bounds[0] if descending else column > bounds[0]
            row = tuple_(*(column for column, _desc in columns))
            return row < tuple_(*bounds) if descending else row > tuple_(*bounds)
        alternatives = []
        for depth, (column, desc) in enumerate(columns):
            equal = [c == b for (c, _), b in zip(columns[:depth], bounds[:depth], strict=True)]
            beyond = column < bounds[depth] if desc else column > bounds[depth]
            alternatives.append(and_(*equal, beyond))
        return or_(*alternatives)


def parse_sort(value: str | None, keys: dict[str, SortKey], default: str) -> Order:
    spec = value if value else default
    parts = [part.strip() for part in spec.split(",")]
    chosen: list[tuple[SortKey, bool]] = []
    seen: set[str] = set()
    for part in parts:
        name = part.removeprefix("-")
        if name not in keys:
            raise invalid_parameter("sort", f"cannot sort by {name!r}; sortable: {', '.join(keys)}")
        if name in seen:
            continue  # the first mention of a field decides its direction
        seen.add(name)
        chosen.append((keys[name], part.startswith("-")))
    return Order(tuple(chosen))


def _encode_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"d"} and isinstance(value["d"], str):
        return dt.date.fromisoformat(value["d"])
    if isinstance(value, str | int | float):
        return value
    raise ValueError("unexpected value")


def encode_cursor(order: Order, values: list[Any]) -> str:
    payload = orjson.dumps({"s": order.signature, "v": [_encode_value(v) for v in values]})
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


def decode_cursor(cursor: str, order: Order) -> list[Any]:
    """The cursor is opaque to clients but checked here: a tampered or stale one is a 400."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = orjson.loads(raw)
        values = [_decode_value(v) for v in payload["v"]]
        signature = payload["s"]
    except (
        binascii.Error,
        ValueError,
        KeyError,
        TypeError,
        UnicodeDecodeError,
        orjson.JSONDecodeError,
    ):
        raise invalid_parameter(
            "cursor", "not a cursor this API issued; follow links.next"
        ) from None
    if signature != order.signature:
        raise invalid_parameter(
            "cursor", f"made for sort={signature!r}, not sort={order.signature!r}"
        )
    expected = [key.column.type.python_type for key, _desc in order.keys] + [str]
    if len(values) != len(expected) or not all(
        isinstance(value, kind) and not isinstance(value, bool)
        for value, kind in zip(values, expected, strict=False)
    ):
        raise invalid_parameter("cursor", "not a cursor this API issued; follow links.next")
    return values
