"""GET /v1/search: every record type at once, ranked, with snippets."""

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from pydantic import BaseModel
from starlette.responses import Response

from briefings.db import Reader, read
from briefings.errors import Problem
from briefings.kit.collection import read_revision
from briefings.kit.formats import FORMAT_PARAM, FORMATS, attachment, negotiate, to_csv, to_ndjson
from briefings.kit.http import respond, respond_json, root_path
from briefings.kit.params import Param, Query, choice
from briefings.search.documents import RECORD_TYPES, href
from briefings.search.folding import MAX_QUERY_LENGTH, MAX_WORDS, words
from briefings.search.query import Hit, search
from briefings.search.schemas import SearchPage
from briefings.vocab import Localized

router = APIRouter(tags=["Search"])

LIMIT_DEFAULT = 20
LIMIT_MAX = 100
OFFSET_MAX = 10_000

PARAMS = [
    Param(
        "q",
        "Words to find; accents and case are ignored, every word must match and matches as "
        "a prefix (`bichk` finds Bichkek; a word of one character matches whole words "
        f"only). At most {MAX_QUERY_LENGTH} characters and {MAX_WORDS} different words, not "
        "blank; punctuation and operators are ignored, so "
        "a `q` without any letter or digit matches nothing. Word order, case, accents and "
        "repeats do not matter: `meta.q` and the links give the words folded and sorted.",
        {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_LENGTH, "pattern": r"\S"},
        example="kazakhstan",
        required=True,
    ),
    Param(
        "type",
        "Only these record types (repeat for several): " + ", ".join(RECORD_TYPES) + ".",
        {"type": "string", "enum": list(RECORD_TYPES)},
        repeat=True,
        example="statement",
    ),
    Param(
        "limit",
        f"Hits per page, 1 to {LIMIT_MAX} (default {LIMIT_DEFAULT}).",
        {"type": "integer", "minimum": 1, "maximum": LIMIT_MAX},
    ),
    Param(
        "offset",
        f"Hits to skip, 0 to {OFFSET_MAX} (default 0).",
        {"type": "integer", "minimum": 0, "maximum": OFFSET_MAX},
    ),
    FORMAT_PARAM,
]


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


class SearchRow(BaseModel):
    """A hit as one CSV row: the reference's name and href at the top level."""

    type: str
    id: str
    name: Localized
    href: str
    score: float
    snippet: str


def _row(hit: dict[str, Any], prefix: str) -> dict[str, Any]:
    ref = hit["ref"]
    return {**hit, "name": ref["name"], "href": prefix + ref["href"]}


def _url(prefix: str, q: str, types: list[str], limit: int, offset: int, fmt: str | None) -> str:
    query = [
        ("q", q),
        *(("type", t) for t in types),
        ("limit", str(limit)),
        ("offset", str(offset)),
        *([("format", fmt)] if fmt else []),
    ]
    return prefix + "/v1/search?" + urlencode(query)


async def search_records(request: Request) -> Response:
    """Full-text search over names, aliases and texts, in French and English, of every
    record type. Hits are ranked by relevance, names weighing more than text, and carry a
    reference to the record and a snippet with the matched words marked."""
    query = Query(request, PARAMS)
    given = query.parsed("q", words)
    types = sorted(set(query.parsed("type", choice(RECORD_TYPES))))
    limit = query.integer("limit", LIMIT_DEFAULT, 1, LIMIT_MAX)
    offset = query.integer("offset", 0, 0, OFFSET_MAX)
    explicit_format = query.one("format")
    query.check()
    fmt = negotiate(request, explicit_format)
    q = given[0]

    def work(session: Reader) -> tuple[int, list[Hit]]:
        read_revision(request, session)
        return search(session, q, types or None, limit, offset)

    total, hits = await read(request, work)
    payload = page(q, types, limit, offset, total, hits, root_path(request), explicit_format)
    next_url = payload["links"]["next"]
    headers = {"Link": f'<{next_url}>; rel="next"'} if next_url else {}
    headers |= attachment("search", fmt)
    if fmt == "csv":
        rows = [_row(hit, root_path(request)) for hit in payload["data"]]
        return respond(request, to_csv(rows, SearchRow), FORMATS["csv"], headers)
    if fmt == "ndjson":
        return respond(request, to_ndjson(payload["data"]), FORMATS["ndjson"], headers)
    return respond_json(request, payload, headers)


def page(
    q: str,
    types: list[str],
    limit: int,
    offset: int,
    total: int,
    hits: list[Hit],
    prefix: str = "",
    fmt: str | None = None,
) -> dict[str, Any]:
    """The answer's body for one page of hits, its links under the path ``prefix``."""
    next_url = (
        _url(prefix, q, types, limit, offset + limit, fmt)
        if offset + limit < total and offset + limit <= OFFSET_MAX
        else None
    )
    return {
        "data": [_hit(hit) for hit in hits],
        "links": {"self": _url(prefix, q, types, limit, offset, fmt), "next": next_url},
        "meta": {"total": total, "q": q},
    }


router.add_api_route(
    "/v1/search",
    search_records,
    methods=["GET"],
    summary="Search every record type",
    operation_id="search",
    response_class=Response,
    responses={
        200: {
            "model": SearchPage,
            "description": "a page of hits, best first",
            "content": {
                "application/json": {},
                "text/csv": {"schema": {"type": "string"}},
                "application/x-ndjson": {"schema": {"type": "string"}},
            },
        },
        304: {"description": "the client's copy (If-None-Match) is current"},
        400: {"model": Problem, "description": "a missing or invalid parameter, or an unknown one"},
        406: {
            "model": Problem,
            "description": "the Accept header admits none of JSON, CSV and NDJSON",
        },
        503: {
            "model": Problem,
            "description": "the search ran past its deadline (`query-timeout`, with "
            "`Retry-After`); use more or longer words, or retry",
        },
    },
    openapi_extra={"parameters": [param.openapi() for param in PARAMS]},
)
# HEAD answers with GET's headers and no body; it stays out of the document.
router.add_api_route("/v1/search", search_records, methods=["HEAD"], include_in_schema=False)
