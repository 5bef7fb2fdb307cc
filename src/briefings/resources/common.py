"""Filters that every resource offers the same way: `q` through the search index and
`source` through the evidence table."""

from typing import Any

from briefings.kit.filters import Filter, cited_in, text_search


def q_and_source(model: Any, record_type: str) -> tuple[Filter, Filter]:
    from briefings.search.query import matching_ids

    return (
        text_search(model.id, lambda session, q: matching_ids(session, record_type, q)),
        cited_in(model.id, record_type),
    )
