"""``POST /v1/imports``: one seed document, applied in one transaction by the loading
path ``briefings seed`` uses.

The document is read and checked like a seed file (``seeding.documents``), its
references resolved against the ids already stored, and the load planned and applied
with origin ``api`` (a seed run never deletes what an import wrote, and an import never
overwrites a curated record: that is a 409 naming it; a record write edits any record).
Every problem of the document comes back at once, with a JSON pointer and its line.
"""

from functools import cache
from typing import Any, cast

import orjson
from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from sqlalchemy import Select, Table, bindparam, select
from sqlalchemy.orm import Session
from starlette.responses import Response

from briefings.catalog import RecordType
from briefings.changes import feed
from briefings.errors import Problem
from briefings.keys.auth import WriteKey
from briefings.models import Source
from briefings.seeding import API, SeedError, apply_load, plan_load, resolve
from briefings.seeding.documents import StoredSource, parse_body, read_document
from briefings.seeding.known import StoredIds
from briefings.seeding.reader import SyntaxProblem
from briefings.writes import idempotency
from briefings.writes.body import JSON, YAML, read_body, syntax_problem
from briefings.writes.commit import write

MEDIA = {**JSON, **YAML}
NAME = "import"


class ImportResult(BaseModel):
    inserted: int
    updated: int
    deleted: int
    unchanged: int
    revision: int = Field(description="the data revision after the import")
    changes: dict[str, dict[str, list[str]]] = Field(
        description="ids by record type, then by `insert`, `update`"
    )


class ImportLinks(BaseModel):
    changes: str = Field(description="the feed of exactly what this import changed, and on")


class ImportDocument(BaseModel):
    data: ImportResult
    links: ImportLinks


@cache
def _source() -> Select[Any]:
    # Built once: a record write reads its source each time (``Resource.by_id``).
    sources = cast(Table, Source.__table__)
    return select(
        sources.c.id, sources.c.title_fr, sources.c.title_en, sources.c.language, sources.c.text
    ).where(sources.c.id == bindparam("id"))


def find_source(session: Session) -> Any:
    def find(source_id: str) -> StoredSource | None:
        row = session.execute(_source(), {"id": source_id}).first()
        if row is None:
            return None
        return StoredSource(
            row.id, {"fr": row.title_fr, "en": row.title_en}, row.language, row.text
        )

    return find


def apply_document(
    session: Session, data: Any, lines: Any, changed_by: str
) -> tuple[int, dict[str, Any]]:
    """Checks and loads one document in the session's transaction; the answer's status
    and body. Raises ``SeedError`` with every problem, ``LoadRefused`` on a conflict."""
    document = read_document(NAME, data, lines, find_source(session))
    problems = list(document.problems)
    if document.parsed is None:
        raise SeedError(problems)
    bundle, found = resolve([document.parsed], StoredIds(session))
    problems.extend(found)
    if problems:
        raise SeedError(problems)
    if document.stored_source is not None:
        # The stored source is named, not rewritten: it may be a curated one.
        bundle.records = [
            rows
            for rows in bundle.records
            if not (rows.type == RecordType.SOURCE and rows.id == document.stored_source)
        ]
    before = feed.latest_seq(session)
    plan = plan_load(session, bundle, API)
    report = apply_load(session, plan, changed_by)
    result = {
        "inserted": report.inserted,
        "updated": report.updated,
        "deleted": report.deleted,
        "unchanged": report.unchanged,
        "revision": report.revision,
        "changes": {str(kind): actions for kind, actions in plan.changes().items()},
    }
    links = {"changes": f"/v1/changes?since={feed.encode_position(before)}"}
    return 201, {"data": result, "links": links}


async def post_import(request: Request, key: WriteKey) -> Response:
    media, text = await read_body(request, MEDIA)
    retry_key = idempotency.key_of(request)
    digest = idempotency.fingerprint(media, text)
    try:
        data, lines = parse_body(text, media)
    except SyntaxProblem as error:
        raise syntax_problem(error) from None

    def work(session: Session) -> Response:
        if retry_key is not None:
            replayed = idempotency.replay(session, key.name, retry_key, digest)
            if replayed is not None:
                return replayed
        status, payload = apply_document(session, data, lines, f"import:{key.name}")
        body = orjson.dumps(payload)
        if retry_key is not None:
            idempotency.remember(session, key.name, retry_key, digest, status, body)
        return Response(body, status_code=status, media_type="application/json")

    return await write(request, work)


_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "model": Problem,
        "description": "malformed body, or an invalid document: "
        "`problems` lists every one with its `pointer` and `line`",
    },
    401: {"model": Problem, "description": "no API key, or an unknown or revoked one"},
    403: {"model": Problem, "description": "the key lacks the `write` scope"},
    409: {
        "model": Problem,
        "description": "the document would overwrite a record of "
        "another origin (a curated one); `problems` names each",
    },
    413: {"model": Problem, "description": "the body is larger than BRIEFINGS_MAX_BODY_BYTES"},
    415: {"model": Problem, "description": "not JSON nor YAML"},
    422: {"model": Problem, "description": "the Idempotency-Key was used for another body"},
}


def router() -> APIRouter:
    api = APIRouter(tags=["Writing"])
    api.add_api_route(
        "/v1/imports",
        post_import,
        methods=["POST"],
        status_code=201,
        summary="Import a seed document",
        description="One document in the seed file format, JSON (`application/json`) or "
        "YAML (`application/yaml`, and `application/x-yaml`, `text/yaml`, `text/x-yaml`), "
        "its article inline as `source.text` or a stored source named by id (`source: "
        "<id>`), applied in one transaction by the same checks and loading path as "
        "`briefings seed`. `Idempotency-Key` makes a retried POST apply once.",
        operation_id="createImport",
        response_class=Response,
        responses={201: {"model": ImportDocument, "description": "applied"}, **_ERRORS},
        openapi_extra={
            "requestBody": {
                "required": True,
                # JSON only in the document: client generators know no YAML body (the
                # description lists the YAML types the route takes as well).
                "content": {media: {"schema": {"type": "object"}} for media in JSON},
            },
            "parameters": [
                {
                    "name": idempotency.HEADER,
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string", "pattern": "^[\\x21-\\x7e]{1,200}$"},
                    "description": "a retry with the same key and body applies once",
                }
            ],
        },
    )
    return api
