"""One error vocabulary, answered as RFC 9457 problem JSON by one set of handlers."""

import logging
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("briefings")

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "https://briefings.dev/problems/"
# A 400 lists this many parameter problems and counts the rest: a URL with thousands of
# bad parameters must not turn into an answer of megabytes.
MAX_LISTED_ERRORS = 20
# Longer query strings are left out of ``instance``; the client has its own URL.
MAX_INSTANCE_QUERY = 1024


class ParameterError(BaseModel):
    parameter: str = Field(description="the query or path parameter at fault", examples=["limit"])
    message: str = Field(examples=["must be at most 500"])


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(examples=[PROBLEM_BASE + "invalid-parameter"])
    title: str = Field(examples=["Invalid parameter"])
    status: int = Field(examples=[400])
    detail: str = Field(examples=["limit: must be at most 500"])
    instance: str | None = Field(default=None, examples=["/v1/statements?limit=9000"])
    errors: list[ParameterError] | None = Field(
        default=None, description=f"at most {MAX_LISTED_ERRORS} problems, in URL order"
    )
    errors_omitted: int | None = Field(
        default=None, description="how many problems `errors` leaves out, when it is full"
    )
    request_id: str | None = None


@dataclass
class ProblemError(Exception):
    status: int
    slug: str
    title: str
    detail: str
    errors: list[ParameterError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    # RFC 9457 extension members (a deleted record's ``history``, a document's ``problems``).
    extensions: dict[str, Any] = field(default_factory=dict)


def invalid_parameters(errors: list[ParameterError]) -> ProblemError:
    listed, omitted = errors[:MAX_LISTED_ERRORS], len(errors) - MAX_LISTED_ERRORS
    detail = "; ".join(f"{error.parameter}: {error.message}" for error in listed)
    if omitted > 0:
        detail += f"; and {omitted} more"
    return ProblemError(400, "invalid-parameter", "Invalid parameter", detail, errors)


def invalid_parameter(parameter: str, message: str) -> ProblemError:
    return invalid_parameters([ParameterError(parameter=parameter, message=message)])


def not_found(detail: str) -> ProblemError:
    return ProblemError(404, "not-found", "Not found", detail)


def query_timeout(timeout_ms: int) -> ProblemError:
    """The database work of one request ran past its deadline: the server is fine, this
    question is too costly now; a narrower one, or the same one later, may answer."""
    return ProblemError(
        503,
        "query-timeout",
        "Query timeout",
        f"the database did not answer within {timeout_ms} ms; narrow the filters or retry later",
        headers={"Retry-After": "1"},
    )


# How the OpenAPI document describes ``query_timeout``: every route that reads under the
# deadline (``db.read``) lists it among its responses.
QUERY_TIMEOUT_RESPONSE: dict[str, Any] = {
    "model": Problem,
    "description": "the database work ran past its deadline (`query-timeout`, with "
    "`Retry-After`); narrow the question or retry",
}


def problem_response(request: Request, problem: ProblemError) -> Response:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + problem.slug,
        "title": problem.title,
        "status": problem.status,
        "detail": problem.detail,
        "instance": _instance(request),
        **problem.extensions,
    }
    if problem.errors:
        body["errors"] = [error.model_dump() for error in problem.errors[:MAX_LISTED_ERRORS]]
        if len(problem.errors) > MAX_LISTED_ERRORS:
            body["errors_omitted"] = len(problem.errors) - MAX_LISTED_ERRORS
    request_id = getattr(request.state, "request_id", None)
    if request_id:
        body["request_id"] = request_id
    # For the metrics: rejected answers are counted by their problem's type.
    request.state.problem = problem.slug
    return Response(
        orjson.dumps(body),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=problem.headers,
    )


def _instance(request: Request) -> str:
    query = request.url.query
    path = request.scope.get("root_path", "") + request.url.path
    if not query or len(query) > MAX_INSTANCE_QUERY:
        return str(path)
    return f"{path}?{query}"


_HTTP_TITLES = {
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
}


async def _on_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ProblemError)
    return problem_response(request, exc)


async def _on_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    slug, title = _HTTP_TITLES.get(exc.status_code, ("http-error", "HTTP error"))
    detail = str(exc.detail)
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no route {request.url.path}; the API lives under /v1 (see /docs)"
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = _with_head(_allowed(request) or headers.get("Allow", ""))
        detail = (
            f"{request.method} is not allowed on {request.url.path}; allowed: {headers['Allow']}"
        )
    return problem_response(
        request, ProblemError(exc.status_code, slug, title, detail, headers=headers)
    )


def _allowed(request: Request) -> str:
    """Every method the OpenAPI document gives this path: the router names only the
    first route whose path matched (the GET one), and a record's writes are routes of
    their own. Built once per app from the document, which lists every route."""
    table: list[tuple[re.Pattern[str], str]] | None = getattr(
        request.app.state, "allowed_methods", None
    )
    if table is None:
        table = []
        for template, item in request.app.openapi().get("paths", {}).items():
            pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
            methods = ", ".join(method.upper() for method in item if method != "parameters")
            table.append((re.compile(f"^{pattern}$"), methods))
        request.app.state.allowed_methods = table
    path = request.url.path
    return next((methods for pattern, methods in table if pattern.match(path)), "")


def _with_head(allow: str) -> str:
    # Every GET route answers HEAD through a twin route kept out of the OpenAPI document;
    # the router names only the route it matched first, the GET one.
    methods = [method.strip() for method in allow.split(",") if method.strip()]
    if "GET" in methods and "HEAD" not in methods:
        methods.append("HEAD")
    return ", ".join(methods)


async def _on_validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [
        ParameterError(parameter=str(error["loc"][-1]), message=str(error["msg"]))
        for error in exc.errors()
    ]
    return problem_response(request, invalid_parameters(errors))


async def _on_unexpected(request: Request, exc: Exception) -> Response:
    return unexpected_response(request, exc)


def unexpected_response(request: Request, exc: Exception) -> Response:
    """A 500 problem naming the request id, the failure logged with it: never a trace."""
    request_id = getattr(request.state, "request_id", None) or uuid.uuid4().hex
    log.exception("unexpected failure, request_id=%s", request_id, exc_info=exc)
    return problem_response(
        request,
        ProblemError(
            500,
            "internal-error",
            "Internal error",
            f"the server failed unexpectedly; quote request id {request_id} when reporting it",
        ),
    )


class ErrorBoundary:
    """Answers an unexpected failure with the 500 problem from inside the CORS middleware,
    so that a browser app may read it and the request id it asks users to quote: the
    framework's own last-resort handler sits outside every middleware, CORS included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            if started:
                raise
            await unexpected_response(Request(scope), exc)(scope, receive, send)


def install_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(Exception, _on_unexpected)
