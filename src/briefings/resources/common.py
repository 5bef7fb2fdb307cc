"""Filters that every resource offers the same way: `q` through the search index and
`source` through the evidence table."""

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import BindParameter, Select

from briefings.catalog import RecordType
from briefings.db import Reader
from briefings.kit.filters import Filter, cited_in, in_list, text_search
from briefings.kit.params import Param
from briefings.vocab import WIKIDATA_PATTERN

# The search package builds its documents from the registry these resources make up,
# so it is imported when a filter runs, not when a resource is declared.


def _term(session: Reader, q: str) -> str | None:
    from briefings.search.query import match_term

    return match_term(session, q)


def _matching(record_type: RecordType) -> Callable[[Reader, BindParameter[str]], Select[Any]]:
    def ids(session: Reader, term: BindParameter[str]) -> Select[Any]:
        from briefings.search.query import matching_ids

        return matching_ids(session, record_type, term)

    return ids


def q_and_source(model: Any, record_type: RecordType) -> tuple[Filter, Filter]:
    return (
        text_search(model.id, _term, _matching(record_type)),
        cited_in(model.id, record_type),
    )


def _wikidata(value: str) -> str:
    if len(value) > 20 or not re.fullmatch(WIKIDATA_PATTERN, value):
        raise ValueError(f"{value!r} is not a Wikidata item id such as Q232")
    return value


def wikidata_filter(column: Any) -> Filter:
    """``wikidata``: the record whose Wikidata item is one of the values."""
    return Filter(
        Param(
            "wikidata",
            "With this Wikidata item id (Q followed by digits).",
            {"type": "string", "pattern": WIKIDATA_PATTERN, "maxLength": 20},
            repeat=True,
            example="Q232",
        ),
        _wikidata,
        in_list(lambda values: column.in_(values)),
    )
