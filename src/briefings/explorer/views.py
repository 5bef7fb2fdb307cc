"""The explorer's pages: each reads what the API would answer and renders it.

A page's reads run on one read connection (``db.read``: the API's deadline and thread
pool), so a page shows one snapshot; any problem the API would answer (a bad filter,
an unknown id, a timeout) becomes a page with the same status and words.
"""

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import Request
from starlette.responses import RedirectResponse, Response

from briefings.catalog import RecordType
from briefings.db import Reader, read
from briefings.errors import ProblemError
from briefings.explorer import reads
from briefings.explorer.charts import series
from briefings.explorer.context import page_for, render, render_problem
from briefings.explorer.highlights import blocks, covering, spans_of
from briefings.explorer.language import wants_html
from briefings.kit.collection import list_params
from briefings.kit.params import Param
from briefings.kit.resource import Resource
from briefings.resources import REGISTRY
from briefings.search.documents import RECORD_TYPES
from briefings.search.router import PARAMS as SEARCH_PARAMS

T = TypeVar("T")
# Parameters a page leaves out of its API question: it always shows whole records as HTML,
# and offers the JSON and CSV of the same question as links.
SHAPING = frozenset({"lang", "format", "fields", "include"})
AT = Param("at", "Show the records citing the character at this offset.", {"type": "integer"})
AT_MAX = 100_000_000
RECORD = Param("record", "Highlight this record's words (`type:id`).", {"type": "string"})
# The search page shows its form until a ``q`` is given.
SEARCH_FORM = [dataclasses.replace(param, required=False) for param in SEARCH_PARAMS]
# Record types shown with their evidence on a source page, in catalogue order.
CITED = [r for r in REGISTRY.resources.values() if "evidence" in r.schema.model_fields]
HOME_TYPES = (
    RecordType.STATEMENT,
    RecordType.PROJECT,
    RecordType.FIGURE,
    RecordType.ACTOR,
    RecordType.PLACE,
    RecordType.VISIT,
    RecordType.COOPERATION_AREA,
)


async def _reading(request: Request, work: Callable[[Reader], T]) -> T:
    """``work`` on the page's read connection, after reading the snapshot's revision."""

    def run(session: Reader) -> T:
        reads.snapshot(request, session)
        return work(session)

    return await read(request, run)


def _asked(request: Request) -> list[tuple[str, str]]:
    return [(k, v) for k, v in request.query_params.multi_items() if k not in SHAPING]


async def home(request: Request) -> Response:
    """Browsers get the explorer; a client that does not ask for HTML gets the API."""
    if not wants_html(request.headers.get("accept", "")):
        return RedirectResponse(request.scope.get("root_path", "") + "/v1", status_code=307)
    page, query = page_for(request)
    try:
        query.check()

        def work(session: Reader) -> dict[str, Any]:
            briefings = reads.listing(request, session, REGISTRY.resources["briefing"], [])
            sources = reads.listing(request, session, REGISTRY.resources["source"], [])
            totals = {
                kind: reads.total(request, session, REGISTRY.resources[kind]) for kind in HOME_TYPES
            }
            return {"briefings": briefings, "sources": sources, "totals": totals}

        found = await _reading(request, work)
    except ProblemError as problem:
        return render_problem(page, problem)
    return render(page, "home.html", **found)


def collection(resource: Resource) -> Callable[[Request], Any]:
    async def listed(request: Request) -> Response:
        settings = request.app.state.settings
        params = list_params(resource, settings.page_limit_default, settings.page_limit_max)
        page, query = page_for(request, params)
        asked = _asked(request)
        shown = (
            asked
            if any(k == "facet" for k, _ in asked)
            else [*asked, *(("facet", facet.name) for facet in resource.facets)]
        )
        try:
            query.check()
            answer = await _reading(request, lambda s: reads.listing(request, s, resource, shown))
        except ProblemError as problem:
            return render_problem(page, problem)
        filters = {flt.param.name for flt in resource.filters}
        after = answer["links"]["next"]
        following = (
            [
                *(p for p in asked if p[0] != "cursor"),
                *(p for p in parse_qsl(urlsplit(after).query) if p[0] == "cursor"),
            ]
            if after
            else None
        )
        return render(
            page,
            "collection.html",
            resource=resource,
            answer=answer,
            asked=asked,
            chosen=[(k, v) for k, v in asked if k in filters],
            filters=filters,
            following=following,
            api=f"/v1/{resource.collection}" + (f"?{urlencode(shown)}" if shown else ""),
            charts=series(answer["data"], page.lang) if resource.type == "figure" else [],
        )

    return listed


def item(resource: Resource) -> Callable[[Request, str], Any]:
    async def shown(request: Request, record_id: str) -> Response:
        page, query = page_for(request)
        try:
            query.check()
            found = await _reading(request, lambda s: reads.record(request, s, resource, record_id))
        except ProblemError as problem:
            return render_problem(page, problem)
        return render(page, "record.html", resource=resource, item=found)

    return shown


async def briefing(request: Request, record_id: str) -> Response:
    page, query = page_for(request)
    resource = REGISTRY.resources["briefing"]
    figures = REGISTRY.resources["figure"]
    try:
        query.check()

        def work(session: Reader) -> tuple[Any, list[Any]]:
            found = reads.record(request, session, resource, record_id)
            cited = [("source", ref["id"]) for ref in found["sources"]]
            return found, reads.every(request, session, figures, cited)

        found, numbers = await _reading(request, work)
    except ProblemError as problem:
        return render_problem(page, problem)
    return render(page, "briefing.html", item=found, charts=series(numbers, page.lang))


def _record_key(value: str) -> tuple[str, str]:
    kind, _, record_id = value.partition(":")
    if kind not in REGISTRY.resources or not record_id:
        raise ValueError(f"{value!r} is not a record as type:id, such as project:karasu")
    return kind, record_id


def _selection(
    at: int | None, keys: Sequence[tuple[str, str]], records: Sequence[Any], spans: Any
) -> list[int]:
    """The records a reader chose: those citing the character ``at``, or the one named."""
    if at is not None:
        return covering(spans, at)
    return [i for i, r in enumerate(records) if (r["type"], r["id"]) in keys]


async def source(request: Request, record_id: str) -> Response:
    page, query = page_for(request, [AT, RECORD])
    resource = REGISTRY.resources["source"]
    try:
        at = query.integer("at", -1, 0, AT_MAX) if query.one("at") is not None else None
        chosen = query.parsed("record", _record_key)
        query.check()

        def work(session: Reader) -> tuple[Any, list[Any]]:
            found = reads.record(request, session, resource, record_id)
            cited = [
                record
                for kind in CITED
                for record in reads.every(request, session, kind, [("source", record_id)])
            ]
            return found, cited

        found, records = await _reading(request, work)
    except ProblemError as problem:
        return render_problem(page, problem)
    spans = spans_of(records, record_id)
    selected = _selection(at, chosen, records, spans)
    groups: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        groups.setdefault(record["type"], []).append(index)
    return render(
        page,
        "source.html",
        item=found,
        records=records,
        groups=groups,
        blocks=blocks(found["text"], found["sections"], spans),
        selected=selected,
        lit=frozenset(selected),
        span_count=len(spans),
        charts=series([r for r in records if r["type"] == "figure"], page.lang),
    )


async def search(request: Request) -> Response:
    page, query = page_for(request, SEARCH_FORM)
    asked = _asked(request)
    answer = None
    try:
        query.check()
        if query.one("q") is not None:
            answer = await reads.search(request, asked)
    except ProblemError as problem:
        return render_problem(page, problem)
    following = answer["links"]["next"] if answer else None
    return render(
        page,
        "search.html",
        answer=answer,
        q=query.one("q") or "",
        types=query.raw("type"),
        record_types=RECORD_TYPES,
        next_items=parse_qsl(urlsplit(following).query) if following else [],
    )
