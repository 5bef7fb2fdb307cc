"""A write's body: its media type (415), its size (413) and its syntax (400 with line
and column), checked before anything else is done with it."""

from collections.abc import Mapping

from fastapi import Request

from briefings.errors import ProblemError
from briefings.seeding.reader import SyntaxProblem

JSON = {"application/json": "json"}
YAML = {
    "application/yaml": "yaml",
    "application/x-yaml": "yaml",
    "text/yaml": "yaml",
    "text/x-yaml": "yaml",
}
MERGE_PATCH = {"application/merge-patch+json": "json"}


def media_of(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def read_body(request: Request, accepted: Mapping[str, str]) -> tuple[str, str]:
    """The body as text and the syntax it is written in (``json`` or ``yaml``)."""
    media = media_of(request)
    if media not in accepted:
        given = f"{media!r}" if media else "no Content-Type"
        raise ProblemError(
            415,
            "unsupported-media-type",
            "Unsupported media type",
            f"{given} is not accepted here; send {', '.join(accepted)}",
            headers={"Accept": ", ".join(accepted)},
        )
    limit: int = request.app.state.settings.max_body_bytes
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise too_large(limit)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise malformed(f"not UTF-8: byte {error.start} cannot be decoded", None, None) from None
    if not text.strip():
        raise malformed("the body is empty", None, None)
    return accepted[media], text


def too_large(limit: int) -> ProblemError:
    return ProblemError(
        413, "content-too-large", "Content Too Large", f"the request body is over {limit} bytes"
    )


def malformed(detail: str, line: int | None, column: int | None) -> ProblemError:
    where = {"line": line, "column": column} if line is not None else {}
    return ProblemError(400, "malformed-body", "Malformed body", detail, extensions=where)


def syntax_problem(error: SyntaxProblem) -> ProblemError:
    return malformed(str(error), error.line, error.column)
