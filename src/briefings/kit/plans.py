"""Page queries built once per shape and run again with new values.

Building a SQLAlchemy query and finding its compiled form costs several times what
SQLite takes to answer a page from an index. A page's SQL depends only on its shape:
which filters are present (and the plan each chose), the sort and whether a cursor is
given; the filter values, the cursor's values and the limit are bound parameters. So
each shape is built once, compiled once, and a request only binds its values and hands
the SQL to the database driver. Values and results pass through the same type
processors SQLAlchemy would apply (dates on SQLite are text, for one).
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from threading import Lock
from typing import Any

from sqlalchemy import BindParameter, Connection, Select, bindparam, func, select
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.compiler import ExpandedState, SQLCompiler

from briefings.kit.filters import Clause, Part
from briefings.kit.paging import Order
from briefings.kit.resource import Resource

# Shapes kept, by count and by approximate memory. Shapes are few (filters present, sort,
# cursor; values never make one), but a client trying every combination must not grow
# the map without end. A plan (its queries, their compiled forms and caches) takes about
# 40 bytes per character of its SQL, 20-30 kB (measured with tracemalloc on 100k
# statements); the estimate is taken once, when the shape is built.
MAX_PLANS = 1024
MAX_PLAN_BYTES = 16 * 1024 * 1024
PLAN_BYTES_PER_SQL_CHAR = 40
# Expanded forms kept per compiled statement: one per count of values in each list, and
# a parameter takes a bounded number of values (kit/params.py).
MAX_EXPANSIONS = 32


@dataclass
class Compiled:
    statement: Select[Any]
    dialect: Dialect
    compiled: SQLCompiler
    # Known after the first run: they depend on the driver's type of each column.
    results: Sequence[Callable[[Any], Any] | None] | None = None
    # The names of the statement's lists of values (``IN``), and its expanded forms by
    # the number of values in each.
    lists: tuple[str, ...] = ()
    expansions: dict[tuple[int, ...], ExpandedState] = field(default_factory=dict)

    @classmethod
    def of(cls, statement: Select[Any], dialect: Dialect) -> "Compiled":
        compiled = statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler)
        lists = tuple(name for name, bind in compiled.binds.items() if bind.expanding)
        return cls(statement, dialect, compiled, lists=lists)

    def _processors(self, description: Sequence[Any]) -> Sequence[Callable[[Any], Any] | None]:
        dialect = self.dialect
        return [
            column.type.dialect_impl(dialect).result_processor(dialect, field[1])
            for column, field in zip(self.statement.selected_columns, description, strict=True)
        ]

    def expanded(self, values: dict[str, Any]) -> tuple[str, Any]:
        """The SQL with each list of values spread into its ``IN (...)`` and the driver's
        arguments, as ``construct_expanded_state`` makes them.

        SQLAlchemy writes the SQL again on every call: 30-40 us for a page's one filter, a
        twentieth of the page. It depends only on how many values each list has, so the
        SQL and the names of the spread values are kept per count; a request puts its
        values under those names and applies the same bind processors."""
        counts = tuple(len(values[name]) for name in self.lists)
        state = self.expansions.get(counts)
        if state is None:
            state = self.compiled.construct_expanded_state(values)
            if not self._keeps(state, counts):
                return state.statement, self._arguments(state, dict(state.parameters))
            self.expansions[counts] = state
        parameters = dict(state.parameters)
        for name, value in values.items():
            spread = state.parameter_expansion.get(name)
            if spread is not None:
                parameters.update(zip(spread, value, strict=True))
            elif name in parameters:
                parameters[name] = value
        return state.statement, self._arguments(state, parameters)

    def _keeps(self, state: ExpandedState, counts: tuple[int, ...]) -> bool:
        # Not when values are written into the SQL itself (it then differs by value), nor
        # when a list spreads into other than one name per value (tuples), nor past the
        # bound.
        return (
            not self.compiled.literal_execute_params
            and len(self.expansions) < MAX_EXPANSIONS
            and all(
                len(state.parameter_expansion.get(name, ())) == count
                for name, count in zip(self.lists, counts, strict=True)
            )
        )

    def _arguments(self, state: ExpandedState, parameters: dict[str, Any]) -> Any:
        for name, process in state.processors.items():
            if name in parameters:
                parameters[name] = process(parameters[name])
        if self.compiled.positional:
            return tuple(parameters[name] for name in state.positiontup or ())
        return parameters

    def rows(self, connection: Connection, values: dict[str, Any]) -> list[tuple[Any, ...]]:
        statement, arguments = self.expanded(values)
        driver = connection.connection.driver_connection
        assert driver is not None
        cursor = driver.cursor()
        try:
            cursor.execute(statement, arguments)
            fetched: list[tuple[Any, ...]] = cursor.fetchall()
            if self.results is None:
                self.results = self._processors(cursor.description)
        finally:
            cursor.close()
        if not any(self.results):
            return fetched
        return [
            tuple(v if p is None else p(v) for p, v in zip(self.results, row, strict=True))
            for row in fetched
        ]


@dataclass
class Plan:
    # The filters as counts and facets apply them (``Part.whole``).
    where: list[Clause]
    page: Select[Any]
    counted: Select[Any]
    compiled: dict[str, Compiled] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """Approximate bytes the plan holds once compiled (see ``PLAN_BYTES_PER_SQL_CHAR``)."""
        return PLAN_BYTES_PER_SQL_CHAR * (len(str(self.page)) + len(str(self.counted)))

    def rows(self, connection: Connection, values: dict[str, Any]) -> list[tuple[Any, ...]]:
        """The page's rows: (id, sort keys but the id..., body)."""
        dialect = connection.dialect
        found = self.compiled.get(dialect.name)
        if found is None:
            found = self.compiled[dialect.name] = Compiled.of(self.page, dialect)
        return found.rows(connection, values)


def _walk(
    resource: Resource, part: Part, name: str, others: list[Clause], query: Select[Any]
) -> Select[Any]:
    """``query`` over the records holding one link value, found by walking the link's
    (value, record_id) index in record order and looking each record up by its key.
    Walking the records instead and testing each for the value costs a test per record
    passed: fifty times more for a value one record in fifty holds. One value per
    record and link (the link's key) means no record comes twice."""
    assert part.link is not None
    record_id = part.link.c.record_id
    return query.select_from(part.link.join(resource.table, record_id == resource.id_column)).where(
        part.link_value.in_(bindparam(name, expanding=True)), *others
    )


def _driven(
    resource: Resource,
    part: Part,
    name: str,
    others: list[Clause],
    order: Order,
    cursor: bool,
) -> Select[Any]:
    """A page sorted by id alone, in the link's record order (see ``_walk``)."""
    assert part.link is not None
    record_id = part.link.c.record_id
    descending = order.keys[0][1]
    bound: BindParameter[Any] = bindparam("k0")
    keyset = [record_id < bound if descending else record_id > bound] if cursor else []
    query = select(resource.id_column, resource.table.c.body)
    return (
        _walk(resource, part, name, others, query)
        .where(*keyset)
        .order_by(record_id.desc() if descending else record_id.asc())
        .limit(bindparam("limit"))
    )


def bound(parts: Sequence[tuple[str, Part]]) -> dict[str, Any]:
    """The filters' values under the names their SQL was built with (f0, f1...)."""
    return {f"f{index}": part.value for index, (_name, part) in enumerate(parts)}


class Plans:
    """Plans by shape, the least recently used dropped past ``max_plans`` or ``max_bytes``."""

    def __init__(self, max_plans: int = MAX_PLANS, max_bytes: int = MAX_PLAN_BYTES) -> None:
        self.max_plans = max_plans
        self.max_bytes = max_bytes
        self.entries: OrderedDict[Hashable, tuple[Plan, int]] = OrderedDict()
        self.bytes = 0
        self.lock = Lock()

    def get(
        self,
        resource: Resource,
        parts: Sequence[tuple[str, Part]],
        order: Order,
        cursor: bool,
    ) -> Plan:
        key = (
            resource.type,
            tuple((name, part.key) for name, part in parts),
            order.signature,
            cursor,
        )
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
                return entry[0]
        plan = self._build(resource, parts, order, cursor)
        size = plan.size
        with self.lock:
            if key not in self.entries:
                self.entries[key] = (plan, size)
                self.bytes += size
            while len(self.entries) > self.max_plans or self.bytes > self.max_bytes:
                _key, (_plan, dropped) = self.entries.popitem(last=False)
                self.bytes -= dropped
        return plan

    @staticmethod
    def _build(
        resource: Resource, parts: Sequence[tuple[str, Part]], order: Order, cursor: bool
    ) -> Plan:
        where = [part.build(f"f{index}") for index, (_name, part) in enumerate(parts)]
        # What counts and facets filter with: see ``Part.whole``.
        whole = [
            (part.whole or part.build)(f"f{index}") for index, (_name, part) in enumerate(parts)
        ]
        id_column = resource.id_column
        driver = next(
            ((index, part) for index, (_name, part) in enumerate(parts) if part.link is not None),
            None,
        )
        if driver is None:
            counted = select(func.count()).select_from(resource.model).where(*whole)
        else:
            index, part = driver
            others = where[:index] + where[index + 1 :]
            counted = _walk(
                resource,
                part,
                f"f{index}",
                whole[:index] + whole[index + 1 :],
                select(func.count()),
            )
            if order.by_id_only(id_column):
                return Plan(
                    whole, _driven(resource, part, f"f{index}", others, order, cursor), counted
                )
        keyset = [order.after(id_column)] if cursor else []
        # The page's keys walk an index; its records are stored JSON.
        key_columns = [id_column, *(k.column for k, _ in order.keys if k.column is not id_column)]
        page: Select[Any] = (
            select(*key_columns, resource.table.c.body)
            .where(*where, *keyset)
            .order_by(*order.order_by(id_column))
            .limit(bindparam("limit"))
        )
        return Plan(whole, page, counted)
