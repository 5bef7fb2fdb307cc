"""GET /v1/sources/{id}/annotations: every evidence span of a source, of every record
type, as W3C Web Annotations (https://www.w3.org/TR/annotation-model/), paged as the
Web Annotation Protocol pages a collection.

Each annotation targets the source with a TextQuoteSelector (the span's words with
enough text around them to be found again if offsets drift) and a TextPositionSelector
(code point offsets into the source's ``text``); its body is the record the span
supports. Ids are API paths, as every ``href`` of the API is: JSON-LD resolves them
against the document's own URL, and the response cache keys no Host.
"""

import math
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Request
from sqlalchemy import Connection, func, select
from starlette.responses import Response

from briefings.db import read
from briefings.errors import QUERY_TIMEOUT_RESPONSE, Problem, ProblemError, not_found
from briefings.kit.collection import read_revision
from briefings.kit.formats import media_ranges
from briefings.kit.http import JSON, dump_json, respond, root_path
from briefings.kit.params import Param, Query
from briefings.models import Evidence, Source
from briefings.resources import REGISTRY

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
LD_JSON = f'application/ld+json; profile="{ANNO_CONTEXT}"'
# Context on each side of a quote; doubled while another place of the text would match.
CONTEXT_CHARS = 32
PAGE_MAX = 1_000_000


def _params(limit_default: int, limit_max: int) -> list[Param]:
    return [
        Param(
            "limit",
            f"Annotations per page, 1 to {limit_max} (default {limit_default}).",
            {"type": "integer", "minimum": 1, "maximum": limit_max},
        ),
        Param(
            "page",
            "Page number, from 1 (default). Without it the answer is the collection with "
            "its first page embedded; with it, that page alone (`partOf` names the "
            "collection). A page past the last is empty.",
            {"type": "integer", "minimum": 1, "maximum": PAGE_MAX},
        ),
    ]


def _media_type(request: Request) -> str:
    """JSON-LD for anything that admits it; plain JSON for a client that asks only for
    that (the same document); otherwise a 406 problem."""
    accept = request.headers.get("accept", "").strip()
    if not accept:
        return LD_JSON
    best: tuple[float, int, str] | None = None
    for quality, rank, media in media_ranges(accept):
        if media not in ("application/ld+json", "application/json", "application/*", "*/*"):
            continue
        chosen = JSON if media == "application/json" else LD_JSON
        if best is None or (quality, rank) > best[:2]:
            best = (quality, rank, chosen)
    if best is None:
        raise ProblemError(
            406,
            "not-acceptable",
            "Not acceptable",
            f"cannot answer {accept!r}; annotations are available as application/ld+json "
            "or application/json",
        )
    return best[2]


def _matches(text: str, exact: str, prefix: str, suffix: str) -> list[int]:
    """Where ``exact`` occurs with ``prefix`` just before and ``suffix`` just after."""
    found: list[int] = []
    at = text.find(exact)
    while at != -1:
        end = at + len(exact)
        if text[:at].endswith(prefix) and text[end:].startswith(suffix):
            found.append(at)
        at = text.find(exact, at + 1)
    return found


def quote_selector(text: str, start: int, end: int) -> dict[str, Any]:
    """The TextQuoteSelector of ``text[start:end]``, its context grown until the quote
    matches only there (it always ends unique: the whole text around it is)."""
    exact = text[start:end]
    size = CONTEXT_CHARS
    while True:
        prefix = text[max(0, start - size) : start]
        suffix = text[end : end + size]
        if _matches(text, exact, prefix, suffix) == [start] or size >= len(text):
            return {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}
        size *= 2


def _annotation(prefix: str, source_path: str, text: str, span: Any) -> dict[str, Any]:
    record = prefix + REGISTRY.targets[span.record_type].href(span.record_id)
    return {
        # The span is the record's evidence number ``position``: stable across loads,
        # unlike the evidence row's id.
        "id": f"{record}#evidence-{span.position}",
        "type": "Annotation",
        "motivation": "describing",
        "body": {"id": record, "type": "Dataset", "format": "application/json"},
        "target": {
            "source": source_path,
            "selector": [
                quote_selector(text, span.start, span.end),
                {"type": "TextPositionSelector", "start": span.start, "end": span.end},
            ],
        },
    }


def _page_url(base: str, limit: int, page: int) -> str:
    return f"{base}?{urlencode({'limit': limit, 'page': page})}"


async def annotations(source_id: str, request: Request) -> Response:
    settings = request.app.state.settings
    query = Query(request, _params(settings.page_limit_default, settings.page_limit_max))
    limit = query.integer("limit", settings.page_limit_default, 1, settings.page_limit_max)
    asked = query.one("page")
    page = query.integer("page", 1, 1, PAGE_MAX)
    query.check()
    media_type = _media_type(request)

    def work(connection: Connection) -> tuple[Any, int, list[Any]]:
        read_revision(request, connection)
        source = connection.execute(
            select(Source.id, Source.title_en, Source.text).where(Source.id == source_id)
        ).first()
        if source is None:
            raise not_found(f"no source with id {source_id!r}; list them at /v1/sources")
        total = connection.scalar(
            select(func.count()).select_from(Evidence).where(Evidence.source_id == source_id)
        )
        spans = connection.execute(
            select(
                Evidence.record_type,
                Evidence.record_id,
                Evidence.position,
                Evidence.start,
                Evidence.end,
            )
            .where(Evidence.source_id == source_id)
            .order_by(
                Evidence.start,
                Evidence.end,
                Evidence.record_type,
                Evidence.record_id,
                Evidence.position,
            )
            .limit(limit)
            .offset((page - 1) * limit)
        ).all()
        return source, total or 0, list(spans)

    # Under the read deadline like every read: a far page costs its offset.
    source, total, spans = await read(request, work)
    last = max(1, math.ceil(total / limit))
    prefix = root_path(request)
    source_path = prefix + REGISTRY.targets["source"].href(source_id)
    base = f"{source_path}/annotations"
    body = {
        "id": _page_url(base, limit, page),
        "type": "AnnotationPage",
        "startIndex": (page - 1) * limit,
        "items": [_annotation(prefix, source_path, source.text, span) for span in spans],
    }
    if page < last:
        body["next"] = _page_url(base, limit, page + 1)
    if page > 1:
        body["prev"] = _page_url(base, limit, min(page - 1, last))
    collection = {
        "id": base,
        "type": "AnnotationCollection",
        "label": f"Evidence in {source.title_en}",
        "total": total,
        "first": _page_url(base, limit, 1),
        "last": _page_url(base, limit, last),
    }
    if asked is None:
        document = {"@context": ANNO_CONTEXT, **collection, "first": {"partOf": base, **body}}
    else:
        document = {"@context": ANNO_CONTEXT, **body, "partOf": collection}
    return respond(request, dump_json(document), media_type)


EXAMPLE: dict[str, Any] = {
    "@context": ANNO_CONTEXT,
    "id": "/v1/sources/kazakhstan-kyrgyzstan-2025-08-01/annotations",
    "type": "AnnotationCollection",
    "label": "Evidence in Murat Nurtleu's official visit to Bishkek and Kazakh-Kyrgyz cooperation",
    "total": 88,
    "first": {
        "partOf": "/v1/sources/kazakhstan-kyrgyzstan-2025-08-01/annotations",
        "id": "/v1/sources/kazakhstan-kyrgyzstan-2025-08-01/annotations?limit=1&page=1",
        "type": "AnnotationPage",
        "startIndex": 0,
        "items": [
            {
                "id": "/v1/visits/nurtleu-bishkek-2025-08-01#evidence-0",
                "type": "Annotation",
                "motivation": "describing",
                "body": {
                    "id": "/v1/visits/nurtleu-bishkek-2025-08-01",
                    "type": "Dataset",
                    "format": "application/json",
                },
                "target": {
                    "source": "/v1/sources/kazakhstan-kyrgyzstan-2025-08-01",
                    "selector": [
                        {
                            "type": "TextQuoteSelector",
                            "exact": "Murat Nurtleu",
                            "prefix": "ministre des Affaires étrangères ",
                            "suffix": ", a effectué une visite officielle",
                        },
                        {"type": "TextPositionSelector", "start": 52, "end": 65},
                    ],
                },
            }
        ],
        "next": "/v1/sources/kazakhstan-kyrgyzstan-2025-08-01/annotations?limit=1&page=2",
    },
    "last": "/v1/sources/kazakhstan-kyrgyzstan-2025-08-01/annotations?limit=1&page=88",
}


def install(app: FastAPI) -> None:
    """Adds the route with the app's page limits in its documentation."""
    settings = app.state.settings
    params = _params(settings.page_limit_default, settings.page_limit_max)
    router = APIRouter(tags=["Sources"])
    router.add_api_route(
        "/v1/sources/{source_id}/annotations",
        annotations,
        methods=["GET"],
        summary="A source's evidence as Web Annotations",
        description="Every evidence span of the source, whatever record it supports, as a "
        "W3C Web Annotation collection (JSON-LD). Each annotation targets the source's "
        "`text` with a TextQuoteSelector (`exact` with up to 32 code points of `prefix` "
        "and `suffix`, more where needed to make it unique) and a TextPositionSelector "
        "(code point offsets); its body is the record the span supports. Without `page` "
        "the answer is the AnnotationCollection with its first AnnotationPage embedded.",
        operation_id="getSourceAnnotations",
        response_class=Response,
        responses={
            200: {
                "description": "the annotation collection, or one of its pages",
                "content": {
                    LD_JSON: {"schema": {"type": "object"}, "example": EXAMPLE},
                    JSON: {"schema": {"type": "object"}, "example": EXAMPLE},
                },
            },
            304: {"description": "the client's copy (If-None-Match) is current"},
            400: {"model": Problem, "description": "an invalid or unknown parameter"},
            404: {"model": Problem, "description": "no source with that id"},
            406: {"model": Problem, "description": "the Accept header admits no JSON"},
            503: QUERY_TIMEOUT_RESPONSE,
        },
        openapi_extra={"parameters": [param.openapi() for param in params]},
    )
    # HEAD answers with GET's headers and no body; it stays out of the document.
    router.add_api_route(
        "/v1/sources/{source_id}/annotations",
        annotations,
        methods=["HEAD"],
        include_in_schema=False,
    )
    app.include_router(router)
