"""Listing and fetching records of any declared resource.

Every collection filters, sorts, pages, facets, shapes, renders and fails the same
way because all of them go through these two functions.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import orjson
from fastapi import Request
from pydantic import BaseModel
from starlette.responses import Response

from briefings.db import Reader, connection_of
from briefings.kit.aggregates import AggregateCache
from briefings.kit.bodies import render
from briefings.kit.facets import count_facets
from briefings.kit.filters import Context
from briefings.kit.formats import (
    FORMAT_PARAM,
    FORMATS,
    attachment,
    negotiate,
    to_csv,
    to_ndjson,
)
from briefings.kit.gone import gone_or_missing
from briefings.kit.http import dump_json, json_only, respond, root_path
from briefings.kit.paging import decode_cursor, encode_cursor, parse_sort
from briefings.kit.params import Param, Query, choice, comma_list
from briefings.kit.plans import Plans, bound
from briefings.kit.refs import Batch, RefTarget
from briefings.kit.resource import Item, Resource
from briefings.revision import REVISION_SQL


@dataclass(frozen=True)
class Registry:
    """Every resource by type, and how to name each type in a reference."""

    resources: dict[str, Resource]
    targets: dict[str, RefTarget]

    def batch(self, session: Reader) -> Batch:
        return Batch(session, self.targets)


def _names_pattern(names: Iterable[str], sign: str = "") -> str:
    """A comma list of the given names, so the document admits exactly what the API does."""
    one = f"{sign}({'|'.join(names)})"
    return f"^{one}(,{one})*$"


def _shape_params(resource: Resource, detail: bool) -> list[Param]:
    names = list((resource.detail_schema if detail else resource.schema).model_fields)
    params = [
        Param(
            "fields",
            "Comma list of fields to keep (`id` and `type` always stay). The answer is "
            "then sparse: each record holds only those fields, so of the record schema's "
            "required fields only `id` and `type` are sure to be there. Fields: "
            + ", ".join(names)
            + ".",
            {"type": "string", "pattern": _names_pattern(names)},
        ),
    ]
    if resource.includes:
        params.append(
            Param(
                "include",
                "Embed the referenced records in `included`: " + ", ".join(resource.includes) + ".",
                {"type": "string", "enum": list(resource.includes)},
                repeat=True,
            )
        )
    return params


_LIST_PARAMS: dict[tuple[str, int, int], list[Param]] = {}


def list_params(resource: Resource, limit_default: int, limit_max: int) -> list[Param]:
    """A list route's parameters, made once per resource and limits."""
    key = (resource.type, limit_default, limit_max)
    if key not in _LIST_PARAMS:
        _LIST_PARAMS[key] = _make_list_params(resource, limit_default, limit_max)
    return _LIST_PARAMS[key]


def _make_list_params(resource: Resource, limit_default: int, limit_max: int) -> list[Param]:
    params = [f.param for f in resource.filters]
    params += [
        Param(
            "limit",
            f"Records per page, 1 to {limit_max} (default {limit_default}).",
            {"type": "integer", "minimum": 1, "maximum": limit_max},
        ),
        Param(
            "cursor",
            "Opaque position from `links.next`; do not build it yourself.",
            {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
        ),
        Param(
            "sort",
            "Comma list of fields, `-` for descending; ties end on `id`. Sortable: "
            + ", ".join(resource.sort_keys)
            + f". Default `{resource.default_sort}`.",
            {"type": "string", "pattern": _names_pattern(resource.sort_keys, sign="-?")},
            example=resource.default_sort,
        ),
    ]
    if resource.facets:
        params.append(
            Param(
                "facet",
                "Count the filtered records per value of these fields, in `meta.facets`.",
                {"type": "string", "enum": [facet.name for facet in resource.facets]},
                repeat=True,
            )
        )
    return params + _shape_params(resource, detail=False) + [FORMAT_PARAM]


def item_params(resource: Resource) -> list[Param]:
    return _shape_params(resource, detail=True)


def _fields(query: Query, schema: type[BaseModel]) -> set[str] | None:
    raw = query.one("fields")
    if raw is None:
        return None
    names = set(comma_list(raw))
    known = schema.model_fields
    unknown = sorted(names - set(known))
    if unknown:
        query.error("fields", f"unknown field(s) {', '.join(unknown)}; fields: {', '.join(known)}")
    return names | {"id", "type"}


def _trim(items: list[Item], fields: set[str] | None) -> list[Item]:
    if fields is None:
        return items
    return [{key: value for key, value in item.items() if key in fields} for item in items]


def _referenced(items: Iterable[Item], key: str) -> list[str]:
    ids: list[str] = []
    for item in items:
        value = item.get(key)
        for ref in value if isinstance(value, list) else [value]:
            if isinstance(ref, dict) and "id" in ref and ref["id"] not in ids:
                ids.append(ref["id"])
    return ids


def _included(
    registry: Registry, batch: Batch, resource: Resource, items: list[Item], names: Sequence[str]
) -> list[Item]:
    out: list[Item] = []
    seen: set[tuple[str, str]] = set()
    for name in names:
        target = registry.resources[resource.includes[name]]
        ids = [i for i in _referenced(items, name) if (target.type, i) not in seen]
        if not ids:
            continue
        seen.update((target.type, i) for i in ids)
        rows = target.rows(batch.session, [target.id_column.in_(ids)], [target.id_column])
        out.extend(target.serialize(batch, rows))
    return out


def _url(request: Request, **replace: str | None) -> str:
    items = [(k, v) for k, v in request.query_params.multi_items() if k not in replace]
    items += [(k, v) for k, v in replace.items() if v is not None]
    query = "&".join(f"{k}={_quote(v)}" for k, v in items)
    path: str = root_path(request) + request.scope["path"]
    return path + (f"?{query}" if query else "")


def _quote(value: str) -> str:
    return quote(value, safe="-_.,:")


def _bodies(batch: Batch, resource: Resource, rows: Sequence[Any]) -> list[bytes]:
    """The rows' stored JSON, in row order; a row stored without one is rendered now."""
    missing = [row[0] for row in rows if row[-1] is None]
    made = (
        render(batch, resource, resource.rows(batch.session, [resource.id_column.in_(missing)]))
        if missing
        else {}
    )
    return [row[-1] if row[-1] is not None else made[row[0]] for row in rows]


def read_revision(request: Request, session: Reader) -> int:
    """The revision of the snapshot the answer is read from (``read_connection``), also left
    in the request's state: the response cache keeps only answers of the current one."""
    # Straight to the driver, as the page query does: SQLAlchemy's execution path costs
    # more than SQLite's answer to this one-row read.
    cursor = connection_of(session).connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(REVISION_SQL)
        row = cursor.fetchone()
    finally:
        cursor.close()
    revision = int(row[0]) if row else 0
    request.state.revision = revision
    return revision


def list_records(
    request: Request, session: Reader, registry: Registry, resource: Resource
) -> Response:
    settings = request.app.state.settings
    query = Query(
        request, list_params(resource, settings.page_limit_default, settings.page_limit_max)
    )
    given = []
    for flt in resource.filters:
        # In one order and each once: every spelling of a question shares its plan,
        # its counts and, through the same canonical SQL values, its database work.
        values = sorted(set(query.parsed(flt.param.name, flt.parse)))
        if values:
            given.append((flt, values))
    limit = query.integer("limit", settings.page_limit_default, 1, settings.page_limit_max)
    facet_names = query.parsed("facet", choice(facet.name for facet in resource.facets))
    include_names = query.parsed("include", choice(resource.includes))
    fields = _fields(query, resource.schema)
    explicit_format = query.one("format")
    query.check()
    order = parse_sort(query.one("sort"), resource.sort_keys, resource.default_sort)
    cursor = query.one("cursor")
    after = decode_cursor(cursor, order) if cursor is not None else None
    fmt = negotiate(request, explicit_format)

    revision = read_revision(request, session)
    aggregates: AggregateCache = request.app.state.aggregates
    context = Context(session, revision, aggregates)
    parts = [(flt.param.name, flt.part(context, values)) for flt, values in given]
    plans: Plans = request.app.state.plans
    plan = plans.get(resource, parts, order, after is not None)
    params = bound(parts)
    keyset = {} if after is None else order.bound(resource.id_column, after)
    rows = plan.rows(connection_of(session), {**params, **keyset, "limit": limit + 1})
    more = len(rows) > limit
    rows = rows[:limit]
    batch = registry.batch(session)
    fragments = _bodies(batch, resource, rows)
    shaped = fields is not None or include_names or fmt == "csv"
    items = [orjson.loads(fragment) for fragment in fragments] if shaped else []
    next_url = (
        _url(request, cursor=encode_cursor(order, order.values_in(rows[-1], resource.id_column)))
        if more and rows
        else None
    )
    headers = {"Link": f'<{next_url}>; rel="next"'} if next_url else {}
    headers |= attachment(resource.collection, fmt)
    if fmt == "csv":
        return respond(request, to_csv(items, resource.schema, fields), FORMATS["csv"], headers)
    if fmt == "ndjson":
        lines = (
            to_ndjson(_trim(items, fields)) if shaped else b"".join(f + b"\n" for f in fragments)
        )
        return respond(request, lines, FORMATS["ndjson"], headers)
    question = (resource.type, tuple((flt.param.name, tuple(map(str, v))) for flt, v in given))
    meta: dict[str, Any] = {
        "total": aggregates.get(
            revision,
            ("total", *question),
            lambda: session.scalar(plan.counted, params) or 0,
        ),
        "limit": limit,
        "sort": order.signature,
        "revision": revision,
    }
    if facet_names:
        names = tuple(dict.fromkeys(facet_names))
        meta["facets"] = aggregates.get(
            revision,
            ("facets", names, *question),
            lambda: count_facets(session, batch, resource, names, plan.where, params),
        )
    body: dict[str, Any] = {
        "data": _trim(items, fields) if shaped else [orjson.Fragment(f) for f in fragments],
        "links": {"self": _url(request), "next": next_url},
        "meta": meta,
    }
    if include_names:
        body["included"] = _included(registry, batch, resource, items, include_names)
    return respond(request, dump_json(body), FORMATS["json"], headers)


def get_record(
    request: Request, session: Reader, registry: Registry, resource: Resource, record_id: str
) -> Response:
    query = Query(request, item_params(resource))
    include_names = query.parsed("include", choice(resource.includes))
    fields = _fields(query, resource.detail_schema)
    query.check()
    json_only(request, "a single record")
    # Read for the response cache only: an item carries its record's revision
    # (``data.revision``), not the data's, so its ETag moves only when the record does.
    read_revision(request, session)
    row = resource.row(session, record_id)
    if row is None:
        raise gone_or_missing(session, resource, record_id)
    batch = registry.batch(session)
    item = resource.detail(batch, row)
    body: dict[str, Any] = {
        "data": _trim([item], fields)[0],
        "links": {"self": _url(request)},
    }
    if include_names:
        body["included"] = _included(registry, batch, resource, [item], include_names)
    return respond(request, dump_json(body), FORMATS["json"])
