"""The published OpenAPI document: problem media types and examples from the seed data."""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from sqlalchemy.exc import SQLAlchemyError

from briefings.db import session_scope
from briefings.errors import PROBLEM_MEDIA_TYPE
from briefings.kit.collection import Registry


def _problem_media_types(schema: dict[str, Any]) -> None:
    # FastAPI files every response model under application/json; ours send problems
    # as application/problem+json, and the document must say what the wire says.
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            # Invalid input is answered 400 with a problem, never FastAPI's 422.
            operation.get("responses", {}).pop("422", None)
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if status.isdigit() and int(status) >= 400 and "application/json" in content:
                    content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")


def _examples(app: FastAPI, registry: Registry, schema: dict[str, Any]) -> None:
    """Each collection's 200 answers show a real record from the database."""
    try:
        with session_scope(app.state.engine) as session:
            batch = registry.batch(session)
            for resource in registry.resources.values():
                found = resource.rows(session, [resource.id_column == resource.example_id])
                row = found[0] if found else None
                if row is None:
                    continue
                item = resource.serialize(batch, [row])[0]
                base = f"/v1/{resource.collection}"
                listing = {
                    "data": [item],
                    "links": {"self": f"{base}?limit=1", "next": None},
                    "meta": {
                        "total": 1,
                        "limit": 1,
                        "sort": resource.default_sort,
                        "revision": item["revision"],
                    },
                }
                document = {
                    "data": resource.detail(batch, row),
                    "links": {"self": f"{base}/{resource.example_id}"},
                    "meta": {"revision": item["revision"]},
                }
                for path, example in ((base, listing), (f"{base}/{{record_id}}", document)):
                    content = schema["paths"][path]["get"]["responses"]["200"]["content"]
                    content["application/json"]["example"] = example
    except SQLAlchemyError:
        # No database yet: the document is still valid, only without examples.
        return


def install_openapi(app: FastAPI, registry: Registry) -> None:
    def build() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            _problem_media_types(schema)
            _examples(app, registry, schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = build  # type: ignore[method-assign]
