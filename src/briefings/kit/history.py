"""Each record's versions, read from the change log: the same answer for every
collection, and the 410 a deleted record gives instead of a 404."""

from typing import Any

from fastapi import Request
from starlette.responses import Response

from briefings.changes import feed
from briefings.db import Reader
from briefings.errors import not_found
from briefings.kit.collection import Registry, read_revision
from briefings.kit.formats import FORMATS
from briefings.kit.gone import history_path
from briefings.kit.http import dump_json, json_only, respond
from briefings.kit.params import Param, Query
from briefings.kit.resource import Resource


def history_params(limit_default: int, limit_max: int) -> list[Param]:
    return [
        Param(
            "limit",
            f"Versions per page, 1 to {limit_max} (default {limit_default}).",
            {"type": "integer", "minimum": 1, "maximum": limit_max},
        ),
        Param(
            "since",
            "Opaque position from `links.next`: the versions after it.",
            {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
        ),
    ]


def collections(registry: Registry) -> dict[str, str]:
    return {record_type: r.collection for record_type, r in registry.resources.items()}


def get_history(
    request: Request, session: Reader, registry: Registry, resource: Resource, record_id: str
) -> Response:
    settings = request.app.state.settings
    query = Query(request, history_params(settings.page_limit_default, settings.page_limit_max))
    limit = query.integer("limit", settings.page_limit_default, 1, settings.page_limit_max)
    since = query.one("since")
    query.check()
    json_only(request, "a record's history")
    seq = feed.decode_position(since) if since is not None else feed.START
    revision = read_revision(request, session)
    entries = feed.history(session, resource.type, record_id, seq, limit + 1)
    if not entries and seq == feed.START:
        raise not_found(
            f"no {resource.type} with id {record_id!r} was ever written; "
            f"list them at /v1/{resource.collection}"
        )
    more = len(entries) > limit
    entries = entries[:limit]
    path = history_path(resource, record_id)
    next_url = (
        f"{path}?limit={limit}&since={feed.encode_position(entries[-1].seq)}" if more else None
    )
    names = collections(registry)
    body: dict[str, Any] = {
        "data": [entry.item(names) for entry in entries],
        "links": {"self": str(request.url.path) + _query(request), "next": next_url},
        "meta": {"limit": limit, "revision": revision},
    }
    headers = {"Link": f'<{next_url}>; rel="next"'} if next_url else {}
    return respond(request, dump_json(body), FORMATS["json"], headers)


def _query(request: Request) -> str:
    query = request.url.query
    return f"?{query}" if query else ""
