"""The API's answers as Python data, from the API's own functions, in process.

A page asks what a client of ``/v1`` would ask, with the page's own query parameters
(less ``lang``), and gets the same data, errors included (``ProblemError``): one parser,
one set of filters and facets, one cursor. The calls of one page share its read connection,
so all they show comes from one snapshot and the page reports that snapshot's revision
to the response cache.
"""

from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import orjson
from fastapi import Request

from briefings.db import Reader
from briefings.kit.collection import get_record, list_records, read_revision
from briefings.kit.resource import Resource
from briefings.resources import REGISTRY
from briefings.search.router import search_records

Items = Sequence[tuple[str, str]]
JSON_ACCEPT = [(b"accept", b"application/json")]
# Pages of a source's records read to draw its highlights: a source cites a few hundred
# records at most, and the loop must end even if it did not.
MAX_PAGES = 20


def asking(request: Request, path: str, items: Items = ()) -> Request:
    """A request for ``path`` with the query ``items``, as a JSON client would send it,
    answered by the same app (its settings, plans and counts)."""
    scope = {
        "type": "http",
        "app": request.app,
        "method": "GET",
        "path": path,
        "query_string": urlencode(list(items)).encode(),
        "headers": JSON_ACCEPT,
        "state": {},
    }
    return Request(scope)


def snapshot(request: Request, session: Reader) -> int:
    """The page's revision: the one every read of this session answers from."""
    return read_revision(request, session)


def listing(request: Request, session: Reader, resource: Resource, items: Items) -> Any:
    """``GET /v1/{collection}?items``: data, links and meta (totals, facets)."""
    asked = asking(request, f"/v1/{resource.collection}", items)
    return orjson.loads(list_records(asked, session, REGISTRY, resource).body)


def total(request: Request, session: Reader, resource: Resource) -> int:
    """``meta.total`` of the whole collection."""
    count: int = listing(request, session, resource, [("limit", "1")])["meta"]["total"]
    return count


def every(request: Request, session: Reader, resource: Resource, items: Items) -> list[Any]:
    """Every record of a listing, page after page by the API's cursor."""
    limit = str(request.app.state.settings.page_limit_max)
    records: list[Any] = []
    cursor: list[tuple[str, str]] = []
    for _ in range(MAX_PAGES):
        page = listing(request, session, resource, [*items, ("limit", limit), *cursor])
        records.extend(page["data"])
        following = page["links"]["next"]
        if following is None:
            break
        cursor = [(k, v) for k, v in parse_qsl(urlsplit(following).query) if k == "cursor"]
    return records


def record(request: Request, session: Reader, resource: Resource, record_id: str) -> Any:
    """``GET /v1/{collection}/{id}``: the record with its item-only fields."""
    asked = asking(request, f"/v1/{resource.collection}/{record_id}")
    return orjson.loads(get_record(asked, session, REGISTRY, resource, record_id).body)["data"]


async def search(request: Request, items: Items) -> Any:
    """``GET /v1/search?items``: ranked hits with snippets; its revision becomes the page's."""
    asked = asking(request, "/v1/search", items)
    answer = orjson.loads((await search_records(asked)).body)
    request.state.revision = asked.state.revision
    return answer
