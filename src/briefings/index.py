"""GET /v1: what the API holds, with a link to each collection, so a client starts from
one URL and follows links rather than building paths."""

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from briefings import __version__
from briefings.db import Reader, read
from briefings.errors import QUERY_TIMEOUT_RESPONSE, Problem
from briefings.kit.collection import Registry, read_revision
from briefings.kit.http import json_only, respond_json, root_path


class CollectionLink(BaseModel):
    id: str = Field(description="the collection's path segment", examples=["statements"])
    title: str = Field(examples=["Statements"])
    record_type: str = Field(description="the `type` of its records", examples=["statement"])
    href: str = Field(examples=["/v1/statements"])


class IndexLinks(BaseModel):
    self: str = Field(examples=["/v1"])
    search: str = Field(examples=["/v1/search"])
    openapi: str = Field(examples=["/openapi.json"])
    docs: str = Field(examples=["/docs"])


class IndexMeta(BaseModel):
    revision: int = Field(description="data revision: changes whenever the data changes")
    version: str = Field(description="the server's version", examples=[__version__])


class Index(BaseModel):
    data: list[CollectionLink]
    links: IndexLinks
    meta: IndexMeta


def body(registry: Registry, prefix: str, revision: int) -> dict[str, Any]:
    """The index's answer, its links under the path ``prefix``."""
    return {
        "data": [
            {
                "id": resource.collection,
                "title": resource.title,
                "record_type": str(resource.type),
                "href": f"{prefix}/v1/{resource.collection}",
            }
            for resource in registry.resources.values()
        ],
        "links": {
            "self": f"{prefix}/v1",
            "search": f"{prefix}/v1/search",
            "openapi": f"{prefix}/openapi.json",
            "docs": f"{prefix}/docs",
        },
        "meta": {"revision": revision, "version": __version__},
    }


def index_router(registry: Registry) -> APIRouter:
    router = APIRouter(tags=["Index"])

    async def index(request: Request) -> Response:
        json_only(request, "the index")
        prefix = root_path(request)

        def work(session: Reader) -> dict[str, Any]:
            return body(registry, prefix, read_revision(request, session))

        return respond_json(request, await read(request, work))

    router.add_api_route(
        "/v1",
        index,
        methods=["GET"],
        summary="The collections",
        description="Every collection with its link, and the links to search and the "
        "documentation: the one URL a client needs to know.",
        operation_id="getIndex",
        response_class=Response,
        responses={
            200: {"model": Index, "description": "the collections"},
            304: {"description": "the client's copy (If-None-Match) is current"},
            406: {"model": Problem, "description": "the Accept header does not admit JSON"},
            503: QUERY_TIMEOUT_RESPONSE,
        },
    )
    router.add_api_route("/v1", index, methods=["HEAD"], include_in_schema=False)
    return router
