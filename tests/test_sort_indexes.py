"""A page sorted by a key that stands a value in for null walks that key's index.

``sort=-date`` orders by ``coalesce(date, '0001-01-01'), id``; the databases use an index
for it only when the query's expression is the index's (migration 0008), which a bound
stand-in was not: every such page sorted the whole table.
"""

from typing import Any

import pytest
from sqlalchemy import Engine

from briefings.kit.paging import parse_sort
from briefings.kit.plans import Plans
from briefings.kit.resource import Resource
from briefings.models.base import SORT_INDEXES
from briefings.resources import ALL

SORTS = [
    pytest.param(resource, f"{sign}{key.name}", id=f"{resource.collection}-{sign}{key.name}")
    for resource in ALL
    for key in resource.sort_keys.values()
    if key.missing is not None
    for sign in ("", "-")
]


def page_plan(engine: Engine, resource: Resource, sort: str, cursor: bool) -> str:
    """The database's plan for the page query, its values bound as a request binds them."""
    order = parse_sort(sort, resource.sort_keys, resource.default_sort)
    plan = Plans().get(resource, [], order, cursor)
    compiled = plan.page.compile(dialect=engine.dialect)
    keyset = order.bound(resource.id_column, [key.missing for key, _ in order.keys] + ["x"])
    state = compiled.construct_expanded_state({**(keyset if cursor else {}), "limit": 5})
    values = {
        name: state.processors[name](value) if name in state.processors else value
        for name, value in state.parameters.items()
    }
    arguments: Any = (
        tuple(values[name] for name in state.positiontup or ()) if compiled.positional else values
    )
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        assert driver is not None
        cursor_ = driver.cursor()
        if engine.dialect.name == "sqlite":
            cursor_.execute("EXPLAIN QUERY PLAN " + state.statement, arguments)
            return "\n".join(str(row[-1]) for row in cursor_.fetchall())
        # A seeded table is small enough to read whole: forbid that, to see the index.
        cursor_.execute("SET enable_seqscan = off")
        cursor_.execute("EXPLAIN " + state.statement, arguments)
        return "\n".join(str(row[0]) for row in cursor_.fetchall())


@pytest.mark.parametrize(("resource", "sort"), SORTS)
@pytest.mark.parametrize("cursor", [False, True], ids=["first-page", "next-page"])
def test_a_page_sorted_by_a_key_with_a_stand_in_walks_its_index(
    seeded_engine: Engine, resource: Resource, sort: str, cursor: bool
) -> None:
    plan = page_plan(seeded_engine, resource, sort, cursor)

    assert [name for name in SORT_INDEXES if name in plan], plan
    assert "TEMP B-TREE" not in plan, plan
    assert "Sort" not in plan, plan
