"""Routes for a declared resource, with their OpenAPI documentation generated from it."""

from typing import Annotated, Any, Union

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field, create_model
from pydantic.json_schema import SkipJsonSchema
from starlette.responses import Response

from briefings.changes.schemas import HistoryPage
from briefings.db import read
from briefings.errors import QUERY_TIMEOUT_RESPONSE, Problem
from briefings.kit.collection import Registry, get_record, item_params, list_params, list_records
from briefings.kit.history import get_history, history_params
from briefings.kit.resource import Resource
from briefings.schemas import AnyRef


class ListLinks(BaseModel):
    self: str = Field(examples=["/v1/statements?limit=2"])
    next: str | None = Field(description="the next page, or null on the last one")


class ItemLinks(BaseModel):
    self: str


def _absent(schema: dict[str, Any]) -> None:
    # A key left out of the answer, never null: optional in the document, not nullable.
    schema.pop("default", None)


def _optional(description: str) -> Any:
    return Field(default=None, description=description, json_schema_extra=_absent)


class FacetCount(BaseModel):
    """How many of the filtered records have one value of a facet."""

    value: str
    count: int
    ref: AnyRef | SkipJsonSchema[None] = _optional(
        "the record the value names, for a facet of references"
    )


class ListMeta(BaseModel):
    total: int = Field(description="records matching the filters, over all pages")
    limit: int
    sort: str
    revision: int = Field(description="data revision: changes whenever the data changes")
    facets: dict[str, list[FacetCount]] | SkipJsonSchema[None] = _optional(
        "counts per value of each `facet` asked for; absent otherwise"
    )


def pascal(name: str) -> str:
    """``cooperation-areas`` as ``CooperationAreas``, for operation and schema names."""
    return "".join(part.capitalize() for part in name.replace("_", "-").split("-"))


def _included(resource: Resource, registry: Registry) -> Any:
    """The records ``include`` may embed: one of the types the resource references,
    told apart by ``type``."""
    schemas = tuple(
        registry.resources[record_type].schema
        for record_type in dict.fromkeys(resource.includes.values())
    )
    if len(schemas) == 1:
        return schemas[0]
    return Annotated[Union[schemas], Field(discriminator="type")]  # noqa: UP007


ERRORS: dict[int, dict[str, Any]] = {
    400: {
        "model": Problem,
        "description": "a parameter is unknown or invalid; `errors` names each",
    },
    404: {"model": Problem, "description": "no record with that id"},
    410: {"model": Problem, "description": "the record was deleted; `history` links its versions"},
    406: {
        "model": Problem,
        "description": "the Accept header asks for a representation this route cannot give",
    },
    503: QUERY_TIMEOUT_RESPONSE,
}


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: ERRORS[status] for status in statuses}


NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "the client's copy (If-None-Match) is current"}
}


def resource_router(
    resource: Resource, registry: Registry, limit_default: int, limit_max: int
) -> APIRouter:
    router = APIRouter(prefix=f"/v1/{resource.collection}", tags=[resource.title])
    name = pascal(resource.type)
    # `included` is in the answer only when `include` asks for it.
    included: dict[str, Any] = (
        {
            "included": (
                list[_included(resource, registry)] | SkipJsonSchema[None],  # type: ignore[misc]
                _optional("the records `include` asked for, each once"),
            )
        }
        if resource.includes
        else {}
    )
    list_model: type[BaseModel] = create_model(
        f"{name}Page",
        __doc__=f"A page of {resource.title.lower()}.",
        data=(list[resource.schema], ...),  # type: ignore[name-defined]
        links=(ListLinks, ...),
        meta=(ListMeta, ...),
        **included,
    )
    item_model: type[BaseModel] = create_model(
        f"{name}Document",
        __doc__=f"One {resource.type.replace('-', ' ')}.",
        data=(resource.detail_schema, ...),
        links=(ItemLinks, ...),
        **included,
    )

    # Reads open their session here rather than through a dependency: a generator
    # dependency costs its exit stack on every request, and a read has nothing to commit.
    async def list_handler(request: Request) -> Response:
        return await read(
            request, lambda session: list_records(request, session, registry, resource)
        )

    async def item_handler(record_id: str, request: Request) -> Response:
        return await read(
            request, lambda session: get_record(request, session, registry, resource, record_id)
        )

    router.add_api_route(
        "",
        list_handler,
        methods=["GET"],
        summary=f"List {resource.title.lower()}",
        description=f"{resource.title}, filtered, sorted and paged by keyset cursor. "
        "Repeating a filter means OR; different filters mean AND. The page is JSON unless "
        "`format` (or `Accept`) asks for CSV or NDJSON; with `fields` its records are sparse.",
        operation_id=f"list{pascal(resource.collection)}",
        response_class=Response,
        responses={
            200: {
                "model": list_model,
                "description": "a page of records",
                "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    "application/x-ndjson": {"schema": {"type": "string"}},
                },
            },
            **NOT_MODIFIED,
            **_errors(400, 406, 503),
        },
        openapi_extra={
            "parameters": [p.openapi() for p in list_params(resource, limit_default, limit_max)]
        },
    )
    router.add_api_route(
        "/{record_id}",
        item_handler,
        methods=["GET"],
        summary=f"One {resource.type.replace('-', ' ')}",
        description=f"A {resource.type.replace('-', ' ')} with its evidence and references.",
        operation_id=f"get{name}",
        response_class=Response,
        responses={
            200: {"model": item_model, "description": "the record"},
            **NOT_MODIFIED,
            **_errors(400, 404, 406, 410, 503),
        },
        openapi_extra={"parameters": [p.openapi() for p in item_params(resource)]},
    )

    async def history_handler(record_id: str, request: Request) -> Response:
        return await read(
            request, lambda session: get_history(request, session, registry, resource, record_id)
        )

    router.add_api_route(
        "/{record_id}/history",
        history_handler,
        methods=["GET"],
        summary=f"Versions of one {resource.type.replace('-', ' ')}",
        description="Every version of the record, oldest first, from the change log: "
        "revision, time, origin and body (null where it was deleted).",
        operation_id=f"get{name}History",
        response_class=Response,
        responses={
            200: {"model": HistoryPage, "description": "the record's versions, paged by `since`"},
            **NOT_MODIFIED,
            **_errors(400, 404, 406, 503),
        },
        openapi_extra={
            "parameters": [p.openapi() for p in history_params(limit_default, limit_max)]
        },
    )
    # HEAD answers with GET's headers and no body (the server drops it); it stays out of
    # the document, where it would only repeat every GET.
    router.add_api_route("", list_handler, methods=["HEAD"], include_in_schema=False)
    router.add_api_route("/{record_id}", item_handler, methods=["HEAD"], include_in_schema=False)
    router.add_api_route(
        "/{record_id}/history", history_handler, methods=["HEAD"], include_in_schema=False
    )
    return router
