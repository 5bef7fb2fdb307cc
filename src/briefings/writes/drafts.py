"""``POST /v1/drafts``: an article in, its draft out, as ``briefings draft`` makes it.

Nothing is stored: the draft is a seed document for an editor to review, then to send to
``POST /v1/imports``. Drafting needs a key of the write scope, as importing does: it
costs seconds of CPU, and it is the first step of a write. The model loads once per
process, at the first draft; drafting runs in a thread of its own (one at a time), never
on the event loop.
"""

import datetime as dt
from functools import partial
from typing import Any

import anyio.to_thread
import orjson
from anyio import CapacityLimiter
from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.responses import Response

from briefings.errors import ParameterError, Problem, ProblemError, invalid_parameters
from briefings.keys.auth import WriteKey
from briefings.seeding.documents import parse_body
from briefings.seeding.reader import SyntaxProblem
from briefings.writes.body import JSON, read_body, syntax_problem

# spaCy's pipeline is shared by the process; one draft at a time keeps the machine's other
# work (and the event loop's thread) going.
_LIMITER: CapacityLimiter | None = None


class DraftRequest(BaseModel):
    """An article to draft."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="the article, in French, as the seeds will hold it")
    file_name: str = Field(
        default="article.fr.txt",
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.txt$",
        description="the name its text file will have in the seeds folder",
        examples=["kazakhstan-kyrgyzstan-2025-08-01.fr.txt"],
    )
    source_id: str | None = Field(
        default=None,
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
        description="the source's id (default: from the file name)",
    )
    published: dt.date | None = Field(
        default=None, description="the article's date: resolves dates written without a year"
    )


def _limiter() -> CapacityLimiter:
    global _LIMITER
    if _LIMITER is None:
        _LIMITER = CapacityLimiter(1)
    return _LIMITER


def _draft(request: DraftRequest, seeds_dir: Any) -> dict[str, Any]:
    from briefings.drafting.draft import draft_article
    from briefings.drafting.reference import read_reference
    from briefings.drafting.source import source_id_for

    draft_id = request.source_id or source_id_for(request.file_name)
    return draft_article(
        request.text,
        file_name=request.file_name,
        source_id=request.source_id,
        published=request.published,
        reference=read_reference(seeds_dir, request.file_name, draft_id),
    )


async def post_draft(request: Request, key: WriteKey) -> Response:
    media, text = await read_body(request, JSON)
    try:
        data, _ = parse_body(text, media)
        asked = DraftRequest.model_validate(data)
    except SyntaxProblem as error:
        raise syntax_problem(error) from None
    except ValidationError as error:
        raise invalid_parameters(
            [
                ParameterError(
                    parameter=".".join(str(part) for part in problem["loc"]) or "body",
                    message=problem["msg"],
                )
                for problem in error.errors()
            ]
        ) from None
    try:
        # Drafting is an optional part (`briefings[draft]`: spaCy, its French model).
        from briefings.drafting.article import ArticleProblem
        from briefings.drafting.pipeline import PipelineMissing
    except ImportError as missing:
        raise ProblemError(
            503,
            "drafting-unavailable",
            "Drafting unavailable",
            f"this server has no drafting ({missing.name} is not installed: "
            "install briefings[draft])",
        ) from None

    seeds_dir = request.app.state.settings.seeds_dir
    try:
        draft = await anyio.to_thread.run_sync(
            partial(_draft, asked, seeds_dir), limiter=_limiter()
        )
    except ArticleProblem as problem:
        raise ProblemError(422, "article-refused", "Article refused", str(problem)) from None
    except PipelineMissing as problem:
        raise ProblemError(
            503, "drafting-unavailable", "Drafting unavailable", str(problem)
        ) from None
    return Response(
        orjson.dumps(draft),
        media_type="application/json",
        headers={"Cache-Control": "no-store"},
    )


def router() -> APIRouter:
    api = APIRouter(tags=["Writing"])
    api.add_api_route(
        "/v1/drafts",
        post_draft,
        methods=["POST"],
        summary="Draft the records of an article",
        description="A French article in (`DraftRequest`, JSON), the draft of its records out: "
        "`document` is a seed document (every record with evidence quoted from the "
        "article), `records` each record's confidence and the rule that found it, `reused` "
        "the existing records it names, `notes` what it saw and left out. Nothing is "
        "stored: review the document, then send it to `POST /v1/imports`.",
        operation_id="createDraft",
        response_class=Response,
        responses={
            200: {"description": "the draft"},
            400: {"model": Problem, "description": "malformed JSON, or a field is invalid"},
            401: {"model": Problem, "description": "no key, or an unknown or revoked one"},
            403: {"model": Problem, "description": "the key lacks the write scope"},
            413: {"model": Problem, "description": "the body is over BRIEFINGS_MAX_BODY_BYTES"},
            415: {"model": Problem, "description": "the body is not JSON"},
            422: {
                "model": Problem,
                "description": "the text cannot be drafted: empty, not French, too long",
            },
            503: {"model": Problem, "description": "drafting is not installed here"},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": DraftRequest.model_json_schema()}},
            }
        },
    )
    return api
