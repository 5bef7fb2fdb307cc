"""GET /v1/search: every record type at once, ranked, with snippets."""

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from briefings.db import get_session
from briefings.errors import ParameterError, Problem, invalid_parameter, invalid_parameters
from briefings.kit.http import respond_json
from briefings.search.documents import RECORD_TYPES, href
from briefings.search.query import MAX_QUERY_LENGTH, Hit, search
from briefings.search.schemas import SearchPage

router = APIRouter(tags=["search"])

LIMIT_DEFAULT = 20
LIMIT_MAX = 100
OFFSET_MAX = 10_000
PARAMETERS = frozenset({"q", "type", "limit", "offset"})

EXAMPLE: dict[str, Any] = {
    "data": [
        {
            "type": "place",
            "id": "bishkek",
            "ref": {
                "id": "bishkek",
                "type": "place",
                "name": {"fr": "Bichkek", "en": "Bishkek"},
                "href": "/v1/places/bishkek",
            },
            "score": 4.318705,
            "snippet": "Bichkek · <mark>Bishkek</mark>",
        }
    ],
    "links": {"self": "/v1/search?q=bishkek&type=place&limit=20&offset=0", "next": None},
    "meta": {"total": 1, "q": "bishkek"},
}


def _hit(hit: Hit) -> dict[str, Any]:
    return {
        "type": hit.record_type,
        "id": hit.record_id,
        "ref": {
            "id": hit.record_id,
            "type": hit.record_type,
            "name": {"fr": hit.name_fr, "en": hit.name_en},
            "href": href(hit.record_type, hit.record_id),
        },
        "score": hit.score,
        "snippet": hit.snippet,
    }


def _url(q: str, types: list[str], limit: int, offset: int) -> str:
    query = [
        ("q", q),
        *(("type", t) for t in types),
        ("limit", str(limit)),
        ("offset", str(offset)),
    ]
    return "/v1/search?" + urlencode(query)


@router.get(
    "/v1/search",
    summary="Search every record type",
    response_model=None,
    responses={
        200: {"model": SearchPage, "content": {"application/json": {"example": EXAMPLE}}},
        400: {"model": Problem, "description": "a missing or invalid parameter, or an unknown one"},
    },
)
async def search_records(
    request: Request,
    session: Annotated[Session, Depends(get_session)],
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_QUERY_LENGTH,
            pattern=r"\S",
            description="words to find; accents and case are ignored, every word must match "
            f"and matches as a prefix (`bichk` finds Bichkek). At most {MAX_QUERY_LENGTH} "
            "characters, not blank; punctuation and operators are ignored, so a `q` without "
            "any letter or digit matches nothing.",
            examples=["energie"],
        ),
    ],
    record_types: Annotated[
        list[str] | None,
        Query(
            alias="type",
            # Documents the allowed values; checked below, so a bad one is named "type".
            json_schema_extra={
                "type": "array",
                "items": {"type": "string", "enum": list(RECORD_TYPES)},
            },
            description="only these record types (repeat for several): " + ", ".join(RECORD_TYPES),
            examples=[["statement"]],
        ),
    ] = None,
    limit: Annotated[
        int, Query(ge=1, le=LIMIT_MAX, description=f"hits per page, at most {LIMIT_MAX}")
    ] = (LIMIT_DEFAULT),
    offset: Annotated[int, Query(ge=0, le=OFFSET_MAX, description="hits to skip")] = 0,
) -> Response:
    """Full-text search over names, aliases and texts, in French and English, of every
    record type. Hits are ranked by relevance, names weighing more than text, and carry a
    reference to the record and a snippet with the matched words marked."""
    unknown = sorted(set(request.query_params) - PARAMETERS)
    if unknown:
        raise invalid_parameters(
            [ParameterError(parameter=name, message="unknown parameter") for name in unknown]
        )
    types = list(dict.fromkeys(record_types or []))
    for record_type in types:
        if record_type not in RECORD_TYPES:
            raise invalid_parameter(
                "type", f"unknown type {record_type!r}; one of {', '.join(RECORD_TYPES)}"
            )
    total, hits = search(session, q, types or None, limit, offset)
    next_url = (
        _url(q, types, limit, offset + limit)
        if offset + limit < total and offset + limit <= OFFSET_MAX
        else None
    )
    payload = {
        "data": [_hit(hit) for hit in hits],
        "links": {"self": _url(q, types, limit, offset), "next": next_url},
        "meta": {"total": total, "q": q},
    }
    return respond_json(
        request, payload, {"Link": f'<{next_url}>; rel="next"'} if next_url else None
    )
