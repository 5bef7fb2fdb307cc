"""Filters reach SQL only through bound parameters.

A page's plan is built and compiled once per shape and then only gets new values
(``kit.plans``), so a filter whose SQL captured its value would answer every later
request with the first one's rows. Every declared filter of every resource is built
here with two different values: the SQL must be the same, the parameters different,
and the first plan, given the second values, must bind exactly what the second does.
"""

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, bindparam

from briefings.db import session_scope
from briefings.kit.aggregates import AggregateCache
from briefings.kit.filters import Context, Filter, Part
from briefings.kit.paging import parse_sort
from briefings.kit.plans import Compiled, Plans, bound
from briefings.kit.resource import Resource
from briefings.resources import ALL, REGISTRY

FILTERS = [
    pytest.param(resource, flt, id=f"{resource.collection}-{flt.param.name}")
    for resource in ALL
    for flt in resource.filters
]


def two_values(flt: Filter) -> tuple[str, str]:
    """Two valid values of the filter's kind that no seeded record holds, so filters
    that choose their SQL by how common a value is choose the same for both."""
    schema = flt.param.schema
    if "enum" in schema:
        first, second = schema["enum"][:2]
        return first, second
    if schema.get("format") == "date":
        return "2024-06-30", "2025-01-01"
    if flt.param.name == "q":
        return "energie", "eau potable"
    if schema.get("pattern") == "^[A-Za-z]{2}$":
        return "XA", "XB"
    if flt.param.name == "wikidata":
        return "Q999999998", "Q999999999"
    return "no-such-record", "no-other-record"


def problems(
    engine: Engine, resource: Resource, parts: Callable[[Any], Part], values: Any
) -> list[str]:
    """What is wrong with the plans built for two values: nothing, for a good filter."""
    order = parse_sort(None, resource.sort_keys, resource.default_sort)
    built = []
    for value in values:
        named = [("filter", parts(value))]
        # A plan cache of its own: the second plan must be built, not found.
        plan = Plans().get(resource, named, order, cursor=False)
        built.append((named[0][1].key, plan, {**bound(named), "limit": 5}))
    (first_key, first, _), (second_key, second, later) = built
    if first_key != second_key:
        return ["the two values chose different SQL"]
    found = [] if built[0][2] != later else ["the values are not parameters"]
    for query in ("page", "counted"):
        one = getattr(first, query).compile(dialect=engine.dialect)
        other = getattr(second, query).compile(dialect=engine.dialect)
        if str(one) != str(other):
            found.append(f"{query}: the SQL text depends on the value")
        elif one.construct_params(later) != other.construct_params(later):
            found.append(f"{query}: the first plan keeps a value of its own")
    return found


@pytest.mark.parametrize(("resource", "flt"), FILTERS)
def test_a_filter_binds_its_values_and_keeps_its_sql(
    seeded_engine: Engine, resource: Resource, flt: Filter
) -> None:
    with session_scope(seeded_engine) as session:
        context = Context(session, 1, AggregateCache())
        found = problems(
            seeded_engine,
            resource,
            lambda value: flt.part(context, [flt.parse(value)]),
            two_values(flt),
        )
    assert found == []


def test_a_filter_that_writes_its_value_into_the_sql_is_caught(seeded_engine: Engine) -> None:
    """The check above catches the bug the rule is about: ``Figure.value >= minimum``
    captured when the SQL is built, rather than bound under the filter's parameter."""
    figures = REGISTRY.resources["figure"]
    value = figures.table.c.value

    def captured(minimum: float) -> Part:
        return Part("at-least", lambda _name: value >= minimum, minimum)

    def bound_(minimum: float) -> Part:
        return Part("at-least", lambda name: value >= bindparam(name), minimum)

    assert problems(seeded_engine, figures, captured, (1.0, 2.0)) == [
        "page: the first plan keeps a value of its own",
        "counted: the first plan keeps a value of its own",
    ]
    assert problems(seeded_engine, figures, bound_, (1.0, 2.0)) == []


def reference(compiled: Any, values: dict[str, Any]) -> tuple[str, Any]:
    """What SQLAlchemy itself hands the driver for these values."""
    state = compiled.construct_expanded_state(values)
    parameters = dict(state.parameters)
    for name, process in state.processors.items():
        if name in parameters:
            parameters[name] = process(parameters[name])
    if compiled.positional:
        return state.statement, tuple(parameters[name] for name in state.positiontup)
    return state.statement, parameters


@pytest.mark.parametrize(("resource", "flt"), FILTERS)
def test_a_kept_expansion_gives_the_driver_what_sqlalchemy_would(
    seeded_engine: Engine, resource: Resource, flt: Filter
) -> None:
    # The page's SQL is kept per count of values in each list (``Compiled.expanded``);
    # asked again with other values and other counts, in any order, it must give the
    # SQL and the arguments that SQLAlchemy's own expansion gives.
    first, second = two_values(flt)
    order = parse_sort(None, resource.sort_keys, resource.default_sort)
    with session_scope(seeded_engine) as session:
        context = Context(session, 1, AggregateCache())
        askings = [[first], [first, second], [second], [second, first], [first]]
        parts = [flt.part(context, [flt.parse(value) for value in asked]) for asked in askings]
    named = [("filter", parts[0])]
    plan = Plans().get(resource, named, order, cursor=False)
    compiled = Compiled.of(plan.page, seeded_engine.dialect)
    for part in parts:
        if part.key != parts[0].key:
            continue  # another count chose other SQL: another plan
        values = {**bound([("filter", part)]), "limit": 5}
        assert compiled.expanded(values) == reference(compiled.compiled, values)
    assert len(compiled.expansions) <= 2
