"""Declarative filters: each is a parameter plus how its values narrow a query.

Values of one parameter are ORed (``country=KZ&country=KG``); different parameters
are ANDed. A resource lists its filters; nothing here knows any resource.

A filter answers with a ``Part``: SQL that takes its values as a named parameter, and a
key saying which SQL that is. Page queries are built once per combination of keys and
then only get new values (see ``kit.plans``), so a filter's SQL must depend on its
values only through the parameter: ``tests/test_plans.py`` builds every declared filter
with two values and fails if the SQL or the parameters it keeps differ.
"""

import datetime as dt
import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    Table,
    bindparam,
    exists,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.orm import InstrumentedAttribute

from briefings.db import Reader
from briefings.kit.aggregates import AggregateCache
from briefings.kit.params import Param
from briefings.models import Evidence
from briefings.search.folding import MAX_QUERY_LENGTH, MAX_WORDS, words
from briefings.vocab import SLUG_PATTERN

Clause = ColumnElement[bool]

# A value held by at least one record in this many is common enough to walk for.
DENSE_SHARE = 50


@dataclass(frozen=True)
class Context:
    """What a filter may consult to choose its SQL: the session, and counts kept per
    data revision."""

    session: Reader
    revision: int
    aggregates: AggregateCache

    def count(self, key: Hashable, query: Callable[[], Select[Any]]) -> int:
        """``query`` is only built when the count is not kept already."""
        return self.aggregates.get(self.revision, key, lambda: self.session.scalar(query()) or 0)


@dataclass(frozen=True)
class Part:
    """A filter's share of a query: ``build`` makes its SQL with the parameter it is
    named (called once per query shape), ``value`` is what that parameter gets, and
    ``key`` tells apart the SQL this filter can make (equal keys, equal SQL)."""

    key: Hashable
    build: Callable[[str], Clause]
    value: Any = None
    # A link table whose (value, record_id) index lists the matching records in id
    # order, and its value column: offered by a one-valued ``linked`` filter, so that a
    # page sorted by id can walk that index instead of testing every record it passes.
    link: Table | None = None
    link_value: Any = None
    # SQL for counting and faceting the whole filtered set, when the page's SQL, good
    # for stopping after a page, would cost too much over every record.
    whole: Callable[[str], Clause] | None = None


@dataclass(frozen=True)
class Filter:
    param: Param
    parse: Callable[[str], Any]
    part: Callable[[Context, list[Any]], Part]


def _values(name: str) -> BindParameter[Any]:
    """The parameter of a filter whose values are ORed: ``IN (...)`` of any length."""
    return bindparam(name, expanding=True)


def in_list(clause: Callable[[Any], Clause]) -> Callable[[Context, list[Any]], Part]:
    """A part for SQL written as ``clause(values)``, the values bound as one IN list."""
    return lambda _context, values: Part("in", lambda name: clause(_values(name)), values)


def _slug(value: str) -> str:
    if len(value) > SLUG_SCHEMA["maxLength"] or not re.fullmatch(SLUG_PATTERN, value):
        raise ValueError(f"{value!r} is not an id (lowercase words joined by '-')")
    return value


def _country(value: str) -> str:
    if len(value) != 2 or not value.isascii() or not value.isalpha():
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 code such as KZ")
    return value.upper()


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _choices(choices: Sequence[str]) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value not in choices:
            raise ValueError(f"{value!r} is not one of: {', '.join(choices)}")
        return value

    return parse


SLUG_SCHEMA: dict[str, Any] = {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 120}
COUNTRY_SCHEMA: dict[str, Any] = {"type": "string", "pattern": "^[A-Za-z]{2}$"}
DATE_SCHEMA: dict[str, Any] = {"type": "string", "format": "date"}


def equals(
    name: str,
    column: InstrumentedAttribute[Any],
    description: str,
    choices: Sequence[str] | None = None,
    kind: str = "slug",
    example: str | None = None,
) -> Filter:
    """The column equals one of the values."""
    parse, schema = _value_kind(kind, choices)
    return Filter(
        Param(name, description, schema, repeat=True, example=example),
        parse,
        in_list(lambda values: column.in_(values)),
    )


def linked(
    name: str,
    owner_id: InstrumentedAttribute[str],
    table: Table,
    column: str,
    description: str,
    kind: str = "slug",
    example: str | None = None,
) -> Filter:
    """The record has a link row (country, area...) with one of the values."""
    parse, schema = _value_kind(kind, None)
    value = table.c[column]

    def part(context: Context, values: list[Any]) -> Part:
        # Two plans, chosen by how common the values are. Common ones are best checked
        # row by row while walking the owner's primary key in page order (EXISTS on the
        # link's primary key), which stops after one page. Rare ones would make that walk
        # cover the whole table, so their few owners are listed first (a semi-join).
        # Totals and facets cover every record, so they always take the semi-join: an
        # EXISTS per record costs a probe per value, and two real areas among a thousand
        # made-up ones took 34 s to count on 100k statements. One value also offers its
        # link for a page sorted by id to walk (see ``kit.plans``).
        matches = context.count(
            ("link", table.name, column, tuple(values)),
            lambda: select(func.count()).select_from(table).where(value.in_(values)),
        )
        # count(*) rather than count(id): the database counts the entries of its
        # narrowest index (five times fewer pages at 100k statements than the id's).
        owners = context.count(
            ("size", owner_id.class_.__tablename__),
            lambda: select(func.count()).select_from(owner_id.class_),
        )
        link = table if len(values) == 1 else None
        many = len(values) > 1

        def semi_join(name: str) -> Clause:
            return owner_id.in_(select(table.c.record_id).where(value.in_(_values(name))))

        if matches * DENSE_SHARE >= owners:
            return Part(
                ("exists", many),
                lambda name: exists().where(
                    table.c.record_id == owner_id, value.in_(_values(name))
                ),
                values,
                link,
                value,
                whole=semi_join,
            )
        return Part(("in", many), semi_join, values, link, value)

    return Filter(Param(name, description, schema, repeat=True, example=example), parse, part)


def any_of(
    name: str,
    description: str,
    clauses: Sequence[Callable[[Any], Clause]],
    kind: str = "slug",
    example: str | None = None,
) -> Filter:
    """Matches when any of several relations holds (an actor as speaker or reporter...)."""
    parse, schema = _value_kind(kind, None)
    return Filter(
        Param(name, description, schema, repeat=True, example=example),
        parse,
        in_list(lambda values: or_(*(clause(values) for clause in clauses))),
    )


def date_range(
    column: InstrumentedAttribute[Any],
    what: str,
    bound: Callable[[dt.date], Any] = lambda date: date,
) -> tuple[Filter, Filter]:
    """``date_from`` and ``date_to``; ``bound`` turns the date into the column's terms."""

    def since(_context: Context, values: list[Any]) -> Part:
        return Part("since", lambda name: column >= bindparam(name), bound(max(values)))

    def until(_context: Context, values: list[Any]) -> Part:
        return Part("until", lambda name: column <= bindparam(name), bound(min(values)))

    return (
        Filter(
            Param(
                "date_from",
                f"Only {what} on or after this date (YYYY-MM-DD).",
                DATE_SCHEMA,
                example="2025-01-01",
            ),
            _date,
            since,
        ),
        Filter(
            Param(
                "date_to",
                f"Only {what} on or before this date (YYYY-MM-DD).",
                DATE_SCHEMA,
                example="2025-12-31",
            ),
            _date,
            until,
        ),
    )


def text_search(
    owner_id: InstrumentedAttribute[str],
    term: Callable[[Reader, str], str | None],
    matching: Callable[[Reader, BindParameter[str]], Select[Any]],
) -> Filter:
    """``q``: full-text match through the search index (accents and case folded).

    ``term`` turns the words into the database's full-text term, which is bound like any
    other value: ``matching`` builds the ids' query around the parameter it is given."""

    def part(context: Context, values: list[Any]) -> Part:
        found = term(context.session, values[0]) if values[0] else None
        if found is None:
            # No word at all (punctuation only): nothing matches.
            return Part("nothing", lambda _name: false())
        session = context.session
        return Part("q", lambda name: owner_id.in_(matching(session, bindparam(name))), found)

    return Filter(
        Param(
            "q",
            "Words to find in the record's text, French or English; accents, case, order "
            f"and repeats are ignored and every word must match (prefixes count). At most "
            f"{MAX_QUERY_LENGTH} characters and {MAX_WORDS} different words.",
            # Punctuation alone matches nothing: an empty page, not an error.
            {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_LENGTH, "pattern": r"\S"},
            example="energie",
        ),
        words,
        part,
    )


def _value_kind(
    kind: str, choices: Sequence[str] | None
) -> tuple[Callable[[str], Any], dict[str, Any]]:
    if choices is not None:
        return _choices(choices), {"type": "string", "enum": list(choices)}
    if kind == "country":
        return _country, COUNTRY_SCHEMA
    if kind == "date":
        return _date, DATE_SCHEMA
    return _slug, SLUG_SCHEMA


def cited_in(owner_id: InstrumentedAttribute[str], record_type: str) -> Filter:
    """``source``: records with evidence in one of the given sources."""
    return Filter(
        Param(
            "source",
            "Only records with evidence in this source (id).",
            SLUG_SCHEMA,
            repeat=True,
            example="kazakhstan-kyrgyzstan-2025-08-01",
        ),
        _slug,
        in_list(
            lambda values: owner_id.in_(
                select(Evidence.record_id).where(
                    Evidence.record_type == record_type, Evidence.source_id.in_(values)
                )
            )
        ),
    )
