"""``/v1/changes``: the change feed, as pages to poll or as a live tail (SSE)."""

from fastapi import APIRouter, Request
from starlette.responses import Response

from briefings.catalog import RecordType
from briefings.changes import feed
from briefings.changes.schemas import ChangesPage
from briefings.db import Reader, read
from briefings.errors import QUERY_TIMEOUT_RESPONSE, Problem
from briefings.kit.collection import read_revision
from briefings.kit.formats import FORMATS
from briefings.kit.http import dump_json, respond
from briefings.kit.params import Param, Query, choice
from briefings.resources import REGISTRY

COLLECTIONS = {record_type: r.collection for record_type, r in REGISTRY.resources.items()}
EVENT_STREAM = "text/event-stream"


def change_params(limit_default: int, limit_max: int) -> list[Param]:
    return [
        Param(
            "since",
            "Opaque position from `links.next` (or an event's `id`): the changes after "
            "it. Absent: from the first change.",
            {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
        ),
        Param(
            "limit",
            f"Changes per page, 1 to {limit_max} (default {limit_default}).",
            {"type": "integer", "minimum": 1, "maximum": limit_max},
        ),
        Param(
            "type",
            "Only changes of these record types.",
            {"type": "string", "enum": [str(t) for t in RecordType]},
            repeat=True,
        ),
    ]


def changes_page(request: Request, session: Reader) -> Response:
    settings = request.app.state.settings
    query = Query(request, change_params(settings.page_limit_default, settings.page_limit_max))
    limit = query.integer("limit", settings.page_limit_default, 1, settings.page_limit_max)
    types = query.parsed("type", choice(str(t) for t in RecordType))
    since = query.one("since")
    query.check()
    seq = feed.decode_position(since) if since is not None else feed.START
    revision = read_revision(request, session)
    entries = feed.after(session, seq, limit + 1, sorted(set(types)))
    more = len(entries) > limit
    entries = entries[:limit]
    last = entries[-1].seq if entries else seq
    kept = [("type", t) for t in sorted(set(types))]
    next_url = _url([("since", feed.encode_position(last)), ("limit", str(limit)), *kept])
    self_url = str(request.url.path) + (f"?{request.url.query}" if request.url.query else "")
    body = {
        "data": [entry.item(COLLECTIONS) for entry in entries],
        "links": {"self": self_url, "next": next_url},
        "meta": {"limit": limit, "revision": revision, "more": more},
    }
    return respond(request, dump_json(body), FORMATS["json"], {"Link": f'<{next_url}>; rel="next"'})


def _url(items: list[tuple[str, str]]) -> str:
    return "/v1/changes?" + "&".join(f"{k}={v}" for k, v in items)


def wants_stream(request: Request) -> bool:
    return EVENT_STREAM in request.headers.get("accept", "").lower()


def router(limit_default: int, limit_max: int) -> APIRouter:
    api = APIRouter(tags=["Changes"])

    async def changes(request: Request) -> Response:
        if wants_stream(request):
            from briefings.changes.tail import stream  # the live tail, only when asked

            return await stream(request)
        return await read(request, lambda session: changes_page(request, session))

    api.add_api_route(
        "/v1/changes",
        changes,
        methods=["GET"],
        summary="Changes, in commit order",
        description="Every record written or deleted, by `seed`, the generator, an import "
        "or a write, in the order they committed, with the record's new body. Page with "
        "`since` from `links.next`, which is always present so a client can poll it; with "
        "`Accept: text/event-stream` the answer is a live tail (server-sent events: an "
        "`id:` per change, `Last-Event-ID` resumes, a comment line as heartbeat).",
        operation_id="listChanges",
        response_class=Response,
        responses={
            200: {
                "model": ChangesPage,
                "description": "a page of changes, or the live tail",
                "content": {EVENT_STREAM: {"schema": {"type": "string"}}},
            },
            304: {"description": "the client's copy (If-None-Match) is current"},
            400: {"model": Problem, "description": "a parameter is unknown or invalid"},
            503: QUERY_TIMEOUT_RESPONSE,
        },
        openapi_extra={
            "parameters": [p.openapi() for p in change_params(limit_default, limit_max)]
        },
    )
    api.add_api_route("/v1/changes", changes, methods=["HEAD"], include_in_schema=False)
    return api
