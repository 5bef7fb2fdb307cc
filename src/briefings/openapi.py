"""The published OpenAPI document, shaped for the tools that read it.

FastAPI derives the paths and schemas from the routes and models; this module adds
what those cannot say and takes out what would mislead a client generator: problem
media types, JSON listed first, component names without the Python suffixes, the
response headers, tags, servers, real examples from the database, and no component
that nothing uses. Redocly and Spectral check the result (``tests/api/test_openapi_lint.py``)
and generated clients use it (``tests/clients/``).
"""

import json
import re
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from briefings.errors import PROBLEM_MEDIA_TYPE
from briefings.explorer.paths import API_PREFIX
from briefings.kit.collection import Registry
from briefings.kit.routes import pascal
from briefings.openapi_examples import install_examples

JSON = "application/json"

SERVERS = [{"url": "/", "description": "the server that serves this document"}]

TAGS = [
    {
        "name": "Index",
        "description": "Where to start: every collection with its link, search and the "
        "documentation.",
    },
    {
        "name": "Search",
        "description": "Every record type at once, ranked, with snippets; accents, case and "
        "aliases do not matter.",
    },
    {"name": "Health", "description": "Liveness and readiness, for load balancers."},
    {
        "name": "Changes",
        "description": "Every record written or deleted, in commit order: pages to poll, or "
        "a live tail (server-sent events).",
    },
    {
        "name": "Writing",
        "description": "Imports of seed documents, with an API key of the write scope.",
    },
]

_HEADER = {"schema": {"type": "string"}}
# Examples of ETag and Link come from a real answer (``openapi_examples``).
HEADERS: dict[str, dict[str, Any]] = {
    "ETag": {
        "description": "Strong validator of these exact bytes: send it back in "
        "`If-None-Match` to get a `304` while they are current.",
        **_HEADER,
    },
    "Cache-Control": {
        "description": "How long a client or cache may reuse the answer before it "
        "revalidates with the ETag.",
        **_HEADER,
        "example": "public, max-age=60",
    },
    "Link": {
        "description": 'The next page as `<url>; rel="next"`, the same URL as `links.next`; '
        "absent on the last page.",
        **_HEADER,
    },
    "X-Request-Id": {
        "description": "This request's id, on every answer: quote it when reporting a problem.",
        **_HEADER,
        "example": "5f0c6e0e8a1b4d7c9e2f3a4b5c6d7e8f",
    },
    "RateLimit-Policy": {
        "description": "The rate limits that apply to the client, when the server sets any "
        '(IETF draft syntax: `"6000 per 1 minute";q=6000;w=60`).',
        **_HEADER,
    },
    "RateLimit": {
        "description": "What is left of the closest rate limit and the seconds until it "
        'resets, when the server sets any (`"6000 per 1 minute";r=5999;t=42`).',
        **_HEADER,
    },
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 0},
        "example": 1,
    },
}

TOO_MANY_REQUESTS = {
    "description": "over a rate limit the server sets (none by default); `Retry-After` says "
    "when to try again",
    "headers": {
        name: {"$ref": f"#/components/headers/{name}"}
        for name in ("Retry-After", "RateLimit", "RateLimit-Policy", "X-Request-Id")
    },
    "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
}


def component_names(registry: Registry) -> dict[str, str]:
    """Published name of each Python model whose name would read oddly in a generated
    client: a record is named by its type (``Statement``, ``CooperationArea``), its
    item-route variant ``...Detail``, and other ``...Out`` models lose the suffix."""
    names: dict[str, str] = {}
    for resource in registry.resources.values():
        name = pascal(resource.type)
        names[resource.schema.__name__] = name
        if resource.detail_schema is not resource.schema:
            names[resource.detail_schema.__name__] = f"{name}Detail"
    return names


def _rename(schema: dict[str, Any], registry: Registry) -> dict[str, Any]:
    components = schema["components"]["schemas"]
    names = component_names(registry)
    for name in components:
        if name not in names and name.endswith("Out"):
            names[name] = name.removesuffix("Out")
    taken = set(components) - set(names)
    assert not taken & set(names.values()), "a published component name is taken twice"
    for old, new in names.items():
        if old in components:
            components[new] = components.pop(old)
            components[new]["title"] = new
    schema["components"]["schemas"] = dict(sorted(components.items()))
    text = json.dumps(schema)
    for old, new in names.items():
        text = text.replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    renamed: dict[str, Any] = json.loads(text)
    return renamed


def _operations(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (path, operation)
        for path, item in schema.get("paths", {}).items()
        for operation in item.values()
    ]


def _is_api(path: str) -> bool:
    """The API's own paths, its index ``/v1`` among them: rate limited, revalidated."""
    return path == API_PREFIX or path.startswith(API_PREFIX + "/")


def _responses(schema: dict[str, Any]) -> None:
    """Problem media types, JSON first, no FastAPI 422, and the headers of each answer."""
    for path, operation in _operations(schema):
        responses = operation.get("responses", {})
        # Invalid input is answered 400 with a problem, never FastAPI's own 422 (a route
        # that declares a 422 of its own, such as a refused article, keeps it).
        if "HTTPValidationError" in str(responses.get("422", "")):
            del responses["422"]
        if _is_api(path):
            responses["429"] = {"$ref": "#/components/responses/TooManyRequests"}
        for status, response in responses.items():
            if "$ref" in response:
                continue
            content = response.get("content", {})
            failed = int(status) >= 400
            # FastAPI files every response model under application/json; ours send
            # problems as application/problem+json, and the document must say so.
            if failed and JSON in content:
                content[PROBLEM_MEDIA_TYPE] = content.pop(JSON)
            # A generator takes the first media type as the answer's: JSON, not CSV.
            first = PROBLEM_MEDIA_TYPE if failed else JSON
            if first in content:
                response["content"] = {first: content[first]} | content
            response["headers"] = {
                name: {"$ref": f"#/components/headers/{name}"}
                for name in _headers(path, int(status), operation)
            }


def _headers(path: str, status: int, operation: dict[str, Any]) -> list[str]:
    names = ["X-Request-Id"]
    if not _is_api(path):
        return names
    if status in (200, 304):
        names += ["ETag", "Cache-Control"]
    if status == 200 and any(p.get("name") in ("cursor", "offset") for p in _params(operation)):
        names.append("Link")
    if status == 503:
        names.append("Retry-After")
    if status < 400:
        names += ["RateLimit", "RateLimit-Policy"]
    return names


def _params(operation: dict[str, Any]) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = operation.get("parameters", [])
    return params


def _prune(schema: dict[str, Any]) -> None:
    """Leaves out the components nothing refers to (FastAPI's ``HTTPValidationError``
    for the 422 it would answer, which this API never does)."""
    components = schema["components"]["schemas"]
    while True:
        used = set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(schema)))
        unused = set(components) - used
        if not unused:
            return
        for name in unused:
            del components[name]


def _tags(registry: Registry) -> list[dict[str, str]]:
    records = [
        {"name": resource.title, "description": (resource.schema.__doc__ or "").strip()}
        for resource in registry.resources.values()
    ]
    return [*records, *TAGS]


def build_openapi(app: FastAPI, registry: Registry) -> dict[str, Any]:
    schema = get_openapi(
        title=app.title,
        version=app.version,
        summary="Regional news as structured, citable data.",
        description=app.description,
        routes=app.routes,
        # FastAPI puts a proxy's path prefix (root_path) here when it serves behind one.
        servers=app.servers or SERVERS,
        tags=_tags(registry),
        license_info={"name": "MIT", "identifier": "MIT"},
    )
    # Every operation reads public data; there is nothing to authenticate.
    schema["security"] = []
    schema["components"]["headers"] = HEADERS
    schema["components"]["responses"] = {"TooManyRequests": TOO_MANY_REQUESTS}
    _responses(schema)
    schema = _rename(schema, registry)
    install_examples(app, registry, schema)
    _prune(schema)
    return schema


def install_openapi(app: FastAPI, registry: Registry) -> None:
    def build() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app, registry)
        return app.openapi_schema

    app.openapi = build  # type: ignore[method-assign]
