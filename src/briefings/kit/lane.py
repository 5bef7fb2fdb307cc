"""The direct lane: a GET for a collection or one of its records goes straight to the
kit's handler, without the framework's routing, dependency solving and middleware.

Those layers cost about a tenth of a millisecond a request, as much as reading a page
from SQLite. The lane calls the same functions the framework's routes call (which stay,
and document the API), and answers errors the same way, so both paths give the same
bytes; ``tests/api/test_lane.py`` holds them to it. A request the lane does not take
(HEAD, an Origin header for CORS, any other route) goes through the framework.
"""

from collections.abc import Callable, MutableMapping
from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from briefings.db import session_scope
from briefings.errors import ProblemError, problem_response, unexpected_response
from briefings.kit.collection import Registry, get_record, list_records

Scope = MutableMapping[str, Any]
Answer = Callable[[Request, Session], Response]


class Lane:
    def __init__(self, app: Any, registry: Registry) -> None:
        self.app = app
        self.registry = registry
        # With CORS on, the framework's middleware adds Origin to Vary on every answer
        # to a request without one (the only requests the lane takes); so does the lane.
        self.vary_origin = bool(app.state.settings.cors_origins)
        self.collections = {
            f"/v1/{resource.collection}": resource for resource in registry.resources.values()
        }

    def answer(self, scope: Scope) -> Answer | None:
        """How the lane answers this request, or None when the framework should."""
        if scope["method"] != "GET" or any(name == b"origin" for name, _ in scope["headers"]):
            return None
        path: str = scope["path"]
        registry = self.registry
        listed = self.collections.get(path)
        if listed is not None:
            return lambda request, session: list_records(request, session, registry, listed)
        collection, _, record_id = path.rpartition("/")
        owner = self.collections.get(collection)
        if owner is not None and record_id:
            return lambda request, session: get_record(request, session, registry, owner, record_id)
        return None

    def _respond(self, answer: Answer, request: Request) -> Response:
        try:
            with session_scope(self.app.state.engine) as session:
                return answer(request, session)
        except ProblemError as problem:
            return problem_response(request, problem)

    async def serve(self, answer: Answer, scope: Scope, receive: Any, send: Any) -> None:
        scope["app"] = self.app
        request = Request(scope, receive)
        try:
            response = self._respond(answer, request)
            if self.vary_origin:
                _vary_origin(response)
        except Exception as error:
            # Answered as the framework does, outside its CORS layer: Vary stays.
            response = unexpected_response(request, error)
        await response(scope, receive, send)


def _vary_origin(response: Response) -> None:
    response.headers["Vary"] = ", ".join([*response.headers.getlist("Vary"), "Origin"])
