"""Examples of the OpenAPI document, read from the database it describes.

Swagger UI's "Try it out" fills every parameter that has an example, all at once: the
examples of one operation must work together and find data. So each route shows real
records, its path parameters name a record that exists, and a list route keeps the
example of its first filter only (the others move into their description, where they
still say what a value looks like).
"""

import sqlite3
from collections.abc import Callable
from typing import Any

import orjson
import psycopg
from fastapi import FastAPI, Request
from sqlalchemy.exc import SQLAlchemyError
from starlette.responses import Response

from briefings.changes.routes import changes_page
from briefings.db import session_scope
from briefings.index import body as index_body
from briefings.kit.collection import Registry, get_record, list_records
from briefings.kit.history import get_history
from briefings.kit.resource import Resource
from briefings.migrations import head_revision
from briefings.revision import current_revision
from briefings.search.folding import words
from briefings.search.query import search
from briefings.search.router import PARAMS as SEARCH_PARAMS
from briefings.search.router import page

# Parameters that shape the answer rather than narrow it: their examples never empty a
# page, so they keep them.
SHAPING = {"sort", "limit", "fields", "include", "facet", "format"}
SEARCH_EXAMPLE_LIMIT = 2


def _one_filter_example(operation: dict[str, Any]) -> None:
    kept = False
    for param in operation.get("parameters", []):
        if "example" not in param or param["name"] in SHAPING:
            continue
        if not kept:
            kept = True
            continue
        example = param.pop("example")
        shown = example[0] if isinstance(example, list) else example
        param["description"] = f"{param['description'].rstrip()} Example: `{shown}`."


def _path_example(operation: dict[str, Any], value: str) -> None:
    for param in operation.get("parameters", []):
        if param.get("in") == "path":
            param["example"] = value


def _set_example(operation: dict[str, Any], example: Any) -> None:
    operation["responses"]["200"]["content"]["application/json"]["example"] = example


def install_examples(app: FastAPI, registry: Registry, schema: dict[str, Any]) -> None:
    paths = schema["paths"]
    for resource in registry.resources.values():
        base = f"/v1/{resource.collection}"
        _one_filter_example(paths[base]["get"])
        _path_example(paths[f"{base}/{{record_id}}"]["get"], resource.example_id)
        _path_example(paths[f"{base}/{{record_id}}/history"]["get"], resource.example_id)
    sources = registry.resources["source"]
    _path_example(
        paths["/v1/sources/{source_id}/annotations"]["get"], sources.example_id or "unknown"
    )
    _set_example(paths["/healthz"]["get"], {"status": "ok"})
    _set_example(
        paths["/readyz"]["get"],
        {"status": "ok", "detail": f"database reachable, at migration {head_revision()}"},
    )
    try:
        _records(app, registry, schema)
        _search(app, paths["/v1/search"]["get"])
        with session_scope(app.state.engine) as session:
            _set_example(paths["/v1"]["get"], index_body(registry, "", current_revision(session)))
    except (SQLAlchemyError, sqlite3.Error, psycopg.Error):
        # No database yet (pages read through the driver itself, so its own errors too):
        # the document is still valid, only without these examples.
        return


def _answer(app: FastAPI, path: str, query: str, answer: Callable[[Request], Response]) -> Response:
    """The answer the route gives to ``path?query``, made by the route's own function."""
    scope = {"type": "http", "method": "GET", "path": path, "root_path": ""}
    request = Request({**scope, "query_string": query.encode(), "headers": [], "app": app})
    return answer(request)


def item_path(base: str) -> str:
    return f"{base}/{{record_id}}"


def _records(app: FastAPI, registry: Registry, schema: dict[str, Any]) -> None:
    """Each collection's answers are real: the first page of one record, and the item
    its path parameter's example names. The headers' examples are those of the first
    list that has a next page."""
    paths = schema["paths"]
    first: Response | None = None
    with session_scope(app.state.engine) as session:
        for resource in registry.resources.values():
            base = f"/v1/{resource.collection}"
            item = f"{base}/{resource.example_id}"

            def listing(request: Request, resource: Resource = resource) -> Response:
                return list_records(request, session, registry, resource)

            def record(request: Request, resource: Resource = resource) -> Response:
                return get_record(request, session, registry, resource, resource.example_id)

            page = _answer(app, base, "limit=1", listing)
            if first is None or "link" not in first.headers:
                first = page
            _set_example(paths[base]["get"], orjson.loads(page.body))
            document = _answer(app, item, "", record)
            _set_example(paths[f"{base}/{{record_id}}"]["get"], orjson.loads(document.body))

            def versions(request: Request, resource: Resource = resource) -> Response:
                return get_history(request, session, registry, resource, resource.example_id)

            history = _answer(app, f"{item}/history", "", versions)
            _set_example(paths[f"{item_path(base)}/history"]["get"], orjson.loads(history.body))
        feed = _answer(
            app, "/v1/changes", "limit=1", lambda request: changes_page(request, session)
        )
        _set_example(paths["/v1/changes"]["get"], orjson.loads(feed.body))
    if first is not None:
        headers = schema["components"]["headers"]
        for name in ("ETag", "Cache-Control", "Link"):
            if name in first.headers:
                headers[name] = {**headers[name], "example": first.headers[name]}


def _search(app: FastAPI, operation: dict[str, Any]) -> None:
    """The answer to the operation's own example parameters, two hits a page."""
    examples = {param.name: param.example for param in SEARCH_PARAMS}
    q, types = words(str(examples["q"])), [str(examples["type"])]
    with session_scope(app.state.engine) as session:
        total, hits = search(session, q, types, SEARCH_EXAMPLE_LIMIT, 0)
    if hits:
        _set_example(operation, page(q, types, SEARCH_EXAMPLE_LIMIT, 0, total, hits))
