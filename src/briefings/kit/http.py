"""Representations on the wire: strong ETags, 304s and cache headers for every GET.

The ETag is a hash of the exact bytes sent, so it is strong by construction: two
answers with the same ETag are byte-identical, whatever process produced them.
"""

from collections.abc import Mapping
from typing import Any

import orjson
import xxhash
from fastapi import Request
from starlette.responses import Response

from briefings.errors import ProblemError
from briefings.kit.formats import negotiate

JSON = "application/json"


def etag_of(body: bytes) -> str:
    # XXH3's 128 bits: a validator needs bytes that differ to get tags that differ, not a
    # hash no one can invert. It hashes a 61 kB page in 3 us; SHA-256 took 34 us (with
    # the processor's SHA extensions), a twentieth of a fresh page (docs/performance.md).
    return '"' + xxhash.xxh3_128_hexdigest(body) + '"'


def etag_matches(if_none_match: str, etag: str) -> bool:
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates


def cache_control(request: Request) -> str:
    max_age = request.app.state.settings.cache_max_age
    return f"public, max-age={max_age}"


# Every ``href`` the API writes, stored bodies included, is a path from the API's root;
# behind a path prefix (serving/prefix.py) they are rewritten as they leave. The CSV form
# is the same JSON inside a quoted cell.
_HREF = b'"href":"/v1/'
_CSV_HREF = b'""href"":""/v1/'


def root_path(request: Request) -> str:
    """The path prefix the client reaches the API under ('' for none)."""
    prefix: str = request.scope.get("root_path", "")
    return prefix


def rooted(request: Request, body: bytes) -> bytes:
    prefix = root_path(request).encode()
    if not prefix:
        return body
    body = body.replace(_HREF, _HREF[:-4] + prefix + b"/v1/")
    return body.replace(_CSV_HREF, _CSV_HREF[:-4] + prefix + b"/v1/")


def respond(
    request: Request,
    body: bytes,
    media_type: str,
    headers: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """A GET answer with its ETag, or a bodiless 304 when the client already has it."""
    body = rooted(request, body)
    etag = etag_of(body)
    common = {
        "ETag": etag,
        "Cache-Control": cache_control(request),
        "Vary": "Accept",
        **(headers or {}),
    }
    if etag_matches(request.headers.get("if-none-match", ""), etag):
        return Response(status_code=304, headers=common)
    return Response(body, status_code=status_code, media_type=media_type, headers=common)


def dump_json(payload: Any) -> bytes:
    return orjson.dumps(payload)


def respond_json(
    request: Request, payload: Any, headers: Mapping[str, str] | None = None
) -> Response:
    return respond(request, dump_json(payload), JSON, headers)


def json_only(request: Request, what: str) -> None:
    """A 406 problem unless the client accepts JSON, for routes that give nothing else."""
    if negotiate(request, None) != "json":
        raise ProblemError(
            406, "not-acceptable", "Not acceptable", f"{what} is available as application/json only"
        )
