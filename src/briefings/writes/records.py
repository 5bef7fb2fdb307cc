"""``PUT``, ``PATCH`` (JSON Merge Patch) and ``DELETE`` on ``/v1/{collection}/{id}``,
declared once for every collection a seed file can write.

A record write is an import of one record: the record, as its seed input (quotes, not
offsets), goes into a one-record document on the source its evidence quotes, and through
the same checks and loading path. So evidence offsets are computed, references checked,
bodies rendered (the record's and those naming it), search entries, the revision, the
change log and every cache move in its transaction. The record keeps the origin it had
(an edited curated record is still curated: the next `briefings seed` makes it the file's
again); a new one is of origin ``api``. Every write needs ``If-Match`` with the ETag of
the record as last read (``kit/preconditions.py``), or ``If-None-Match: *`` to create.
"""

from functools import cache
from typing import Any, cast

import orjson
from fastapi import APIRouter, Request
from sqlalchemy import Select, Table, bindparam, select
from sqlalchemy.orm import Session
from starlette.responses import Response

from briefings.errors import Problem
from briefings.keys.auth import WriteKey
from briefings.kit.collection import Registry
from briefings.kit.gone import gone_or_missing
from briefings.kit.http import etag_of
from briefings.kit.preconditions import check, item_document
from briefings.kit.resource import Resource
from briefings.models import Source
from briefings.seeding import (
    API,
    LoadPlan,
    SeedProblem,
    apply_load,
    check_removable,
    plan_load,
    resolve,
)
from briefings.seeding.documents import read_document
from briefings.seeding.inverse import first_source, input_form, merge_patch
from briefings.seeding.known import StoredIds
from briefings.seeding.reader import LineMap, SyntaxProblem
from briefings.writes.body import JSON, MERGE_PATCH, malformed, read_body, syntax_problem
from briefings.writes.commit import write
from briefings.writes.imports import find_source
from briefings.writes.problems import invalid_document

JSON_MEDIA = "application/json"


def _parse(text: str) -> dict[str, Any]:
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise syntax_problem(SyntaxProblem("JSON", error.msg, error.lineno, error.colno)) from None
    if not isinstance(data, dict):
        raise malformed("a record is a JSON object", None, None)
    return data


# Built once, as ``Resource.by_id`` is, for the same reason.
@cache
def _origin(table: Table) -> Select[Any]:
    return select(table.c.origin).where(table.c.id == bindparam("id"))


def _stored_origin(session: Session, resource: Resource, record_id: str) -> str | None:
    origin: str | None = session.scalar(_origin(cast(Table, resource.table)), {"id": record_id})
    return origin


def _document_source(session: Session, resource: Resource, record_id: str, record: Any) -> str:
    """The source a record's unattributed quotes are located in: the one its stored
    evidence quotes, else the first its quotes (or its `sources`) name."""
    stored = first_source(session, resource.type, record_id)
    if stored is not None:
        return stored
    for quote in record.get("evidence") or []:
        if isinstance(quote, dict) and isinstance(quote.get("source"), str):
            return str(quote["source"])
    for source in record.get("sources") or []:
        if isinstance(source, str):
            return source
    if record.get("evidence"):
        raise invalid_document(
            [
                SeedProblem(
                    "record",
                    "evidence",
                    "evidence: a new record's quotes name their source: "
                    '{"quote": "...", "source": "<source id>"}',
                )
            ]
        )
    first = session.scalar(select(Source.id).order_by(Source.id).limit(1))
    return str(first or "")


def _save(
    session: Session,
    registry: Registry,
    resource: Resource,
    record_id: str,
    record: dict[str, Any],
    changed_by: str,
) -> Response:
    assert resource.seed is not None
    collection = resource.seed.collection
    within = f"/{collection}/0"
    document = {"source": _document_source(session, resource, record_id, record)}
    document[collection] = [record]  # type: ignore[assignment]
    read = read_document("record", document, LineMap(None), find_source(session))
    problems = list(read.problems)
    if read.parsed is None:
        raise invalid_document(problems, within)
    bundle, found = resolve([read.parsed], StoredIds(session))
    problems.extend(found)
    if problems:
        raise invalid_document(problems, within)
    bundle.records = [rows for rows in bundle.records if rows.type == resource.type]
    stored = _stored_origin(session, resource, record_id)
    created = stored is None
    report = apply_load(session, plan_load(session, bundle, stored or API), changed_by)
    # Rendered by the load's batch, which holds what the load wrote and the names it read.
    body = item_document(session, registry, resource, record_id, report.batch)
    assert body is not None
    headers = {"ETag": etag_of(body)}
    if created:
        headers["Location"] = f"/v1/{resource.collection}/{record_id}"
    return Response(body, 201 if created else 200, headers, media_type=JSON_MEDIA)


def record_router(resource: Resource, registry: Registry) -> APIRouter:
    assert resource.seed is not None
    seed_model = resource.seed.model.__name__
    router = APIRouter(prefix=f"/v1/{resource.collection}", tags=[resource.title])
    name = resource.type.replace("-", " ")
    pascal = "".join(part.capitalize() for part in resource.type.split("-"))

    async def put(record_id: str, request: Request, key: WriteKey) -> Response:
        _, text = await read_body(request, JSON)
        record = _parse(text)
        if record.get("id", record_id) != record_id:
            raise malformed(
                f"the body's id {record['id']!r} is not the URL's {record_id!r}", None, None
            )
        record = {**record, "id": record_id}

        def work(session: Session) -> Response:
            check(request, item_document(session, registry, resource, record_id), creating=True)
            return _save(session, registry, resource, record_id, record, f"write:{key.name}")

        return await write(request, work)

    async def patch(record_id: str, request: Request, key: WriteKey) -> Response:
        _, text = await read_body(request, MERGE_PATCH)
        change = _parse(text)

        def work(session: Session) -> Response:
            current = item_document(session, registry, resource, record_id)
            if current is None:
                raise gone_or_missing(session, resource, record_id)
            check(request, current)
            form = input_form(session, resource, record_id)
            record = merge_patch(form, change)
            if record.get("id") != record_id:
                raise malformed("a patch cannot change the record's id", None, None)
            return _save(session, registry, resource, record_id, record, f"write:{key.name}")

        return await write(request, work)

    async def delete(record_id: str, request: Request, key: WriteKey) -> Response:
        def work(session: Session) -> Response:
            current = item_document(session, registry, resource, record_id)
            if current is None:
                raise gone_or_missing(session, resource, record_id)
            check(request, current)
            origin = _stored_origin(session, resource, record_id) or API
            removing = {resource.type: {record_id}}
            # No origin is exempt: whatever names the record keeps it (409 names them).
            check_removable(session, removing, origin="")
            apply_load(session, LoadPlan(origin, [], [], 0, removing), f"write:{key.name}")
            return Response(status_code=204)

        return await write(request, work)

    def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
        text = {
            400: "malformed JSON (with line and column), or an invalid record: `problems` "
            "lists each with its JSON `pointer` (a quote not in the source is named)",
            401: "no API key, or an unknown or revoked one",
            403: "the key lacks the `write` scope",
            404: "no record with that id",
            409: "other records name this one (`problems` lists them)",
            410: "the record was deleted",
            412: "If-Match is stale: the record, or what it shows of others, changed since "
            "it was read",
            413: "the body is larger than BRIEFINGS_MAX_BODY_BYTES",
            415: "wrong Content-Type",
            428: "If-Match (or If-None-Match: * to create) is required",
        }
        return {s: {"model": Problem, "description": text[s]} for s in statuses}

    conditions = [
        {
            "name": "If-Match",
            "in": "header",
            "required": False,
            "schema": {"type": "string"},
            "description": "the ETag of the record as last read (GET); required to change it",
        }
    ]

    def body(media: str, what: str) -> dict[str, Any]:
        return {
            "requestBody": {
                "required": True,
                "content": {media: {"schema": {"type": "object", "description": what}}},
            },
            "parameters": conditions
            + (
                [
                    {
                        "name": "If-None-Match",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string"},
                        "description": "`*` creates a record that does not exist yet",
                    }
                ]
                if media == JSON_MEDIA
                else []
            ),
        }

    document = {"description": "the record as `GET` now answers it, with its new ETag"}
    router.add_api_route(
        "/{record_id}",
        put,
        methods=["PUT"],
        summary=f"Write one {name}",
        description=f"The whole {name} as a seed file writes it (`{seed_model}`: quotes, not "
        "offsets; references by id), checked and loaded like a seed; its evidence "
        "offsets are computed. A new record's quotes name their `source`.",
        operation_id=f"put{pascal}",
        response_class=Response,
        responses={200: document, 201: document, **errors(400, 401, 403, 409, 412, 413, 415, 428)},
        openapi_extra=body(JSON_MEDIA, f"a `{seed_model}`"),
    )
    router.add_api_route(
        "/{record_id}",
        patch,
        methods=["PATCH"],
        summary=f"Change part of one {name}",
        description=f"A JSON Merge Patch (RFC 7396) of the {name}'s seed form "
        f"(`{seed_model}`): members given replace, `null` removes, the rest stays.",
        operation_id=f"patch{pascal}",
        response_class=Response,
        responses={200: document, **errors(400, 401, 403, 404, 409, 410, 412, 413, 415, 428)},
        openapi_extra=body("application/merge-patch+json", "a JSON Merge Patch"),
    )
    router.add_api_route(
        "/{record_id}",
        delete,
        methods=["DELETE"],
        status_code=204,
        summary=f"Delete one {name}",
        description="Removes the record with its links, evidence and search entries; its "
        "history stays, and its URL answers 410. Refused (409) while others name it.",
        operation_id=f"delete{pascal}",
        response_class=Response,
        responses={204: {"description": "deleted"}, **errors(401, 403, 404, 409, 410, 412, 428)},
        openapi_extra={"parameters": conditions},
    )
    return router
