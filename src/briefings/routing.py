"""The app's routes: in its own list (``flatten``), and found by the head of the path
(``RouteIndex``) instead of by trying each in turn.

FastAPI finds a request's route by trying every route of the list in order; each try
costs about 1.3 us, and ``GET /v1/statements`` was the 38th of 121 (about 50 us, a
fifteenth of a fresh page). A route can only match paths that begin with the literal
part of its template (what comes before its first ``{``), so the index keeps, for each
head of a path (its first two segments: ``/v1/statements`` of
``/v1/statements/x/history``), the routes that may match it, in the list's order. A
request tries those; anything but a full match (a 405, a 404, a route added later) is
left to FastAPI's own walk of the whole list, so no answer differs, only the cost.
"""

from operator import itemgetter

from fastapi import APIRouter, FastAPI
from fastapi.routing import _apply_router_form_limits, _update_scope
from fastapi.telemetry._api import _route_selected
from starlette._utils import get_route_path
from starlette.routing import BaseRoute, Match, Route
from starlette.types import Receive, Scope, Send


def flatten(app: FastAPI) -> None:
    """Puts the routes of every included router in the app's own list, in their order.

    FastAPI (0.16x) keeps an included router as one entry of that list, which matches a
    request by walking its routes with bookkeeping of its own: 3-4 us a route, 134 us to
    find ``GET /v1/statements`` among 121 routes and 345 us for ``/v1/search``, an eighth
    of a fresh page's time; the same routes in the app's list match in about 1.3 us each
    (docs/performance.md). Our routers carry their routes' full paths and are included
    with nothing added (no prefix, dependency, tag or limit), so their routes are the
    same there, and the OpenAPI document is built from the same list.

    It also builds them now, on one thread: FastAPI built an included router's routes on
    the first request to reach it, inside ``warnings.catch_warnings()``, which is not
    thread-safe; two first requests on two threads undid the filter FastAPI sets for a
    pydantic warning, and under ``filterwarnings = error`` it became a 500 (CI, the
    replica test).
    """
    flat: list[BaseRoute] = []
    for route in app.router.routes:
        included: APIRouter | None = getattr(route, "original_router", None)
        if included is None:
            flat.append(route)
            continue
        # Anything given at inclusion would be lost with the wrapper: there is none.
        context = route.include_context  # type: ignore[attr-defined]
        assert not context.prefix, context
        assert not context.dependencies, context
        assert not context.tags, context
        flat.extend(included.routes)
    app.router.routes[:] = flat


def head(path: str) -> str:
    """The path up to its third ``/``: ``/v1/statements`` of ``/v1/statements/x``."""
    first = path.find("/", 1)
    if first < 0:
        return path
    second = path.find("/", first + 1)
    return path if second < 0 else path[:second]


def route_head(route: BaseRoute) -> str | None:
    """The head of every path ``route`` can match, or None when it may match paths of
    several heads (a parameter within the first two segments, or not a plain route)."""
    if not isinstance(route, Route):
        return None
    template = route.path
    brace = template.find("{")
    if brace < 0:
        return head(template)
    literal = template[:brace]
    # The literal part reaches past the second segment: every path it matches has the
    # same first two segments as the literal.
    return head(literal) if literal.count("/") >= 3 else None


class RouteIndex:
    """The router's matching, trying only the routes the path's head allows."""

    def __init__(self, router: APIRouter) -> None:
        self.router = router
        self.walk = router.app
        self.built_for = -1
        self.anywhere: list[BaseRoute] = []
        self.by_head: dict[str, list[BaseRoute]] = {}

    def build(self) -> None:
        routes = list(self.router.routes)
        anywhere: list[tuple[int, BaseRoute]] = []
        heads: dict[str, list[tuple[int, BaseRoute]]] = {}
        for position, route in enumerate(routes):
            found = route_head(route)
            if found is None:
                anywhere.append((position, route))
            else:
                heads.setdefault(found, []).append((position, route))
        order = itemgetter(0)
        self.anywhere = [route for _, route in anywhere]
        self.by_head = {
            name: [route for _, route in sorted(entries + anywhere, key=order)]
            for name, entries in heads.items()
        }
        self.built_for = len(routes)

    def candidates(self, path: str) -> list[BaseRoute]:
        if len(self.router.routes) != self.built_for:
            # Routes added after the app was made (tests add some): index them too.
            self.build()
        return self.by_head.get(head(path), self.anywhere)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for route in self.candidates(get_route_path(scope)):
                match, child_scope = route.matches(scope)
                if match is Match.FULL:
                    # What FastAPI's own walk does with a full match (fastapi.routing,
                    # APIRouter.app); tests/serving/test_routes_built.py compares them.
                    _apply_router_form_limits(scope, self.router.form_limits)
                    if "router" not in scope:
                        scope["router"] = self.router
                    _update_scope(scope, child_scope)
                    _route_selected(scope=scope, path=getattr(route, "path_format", None))
                    await route.handle(scope, receive, send)
                    return
        await self.walk(scope, receive, send)


def index(app: FastAPI) -> RouteIndex:
    """Puts the index in front of the router's own walk (the router has no middleware of
    its own, so the walk is all it runs)."""
    router = app.router
    assert router.middleware_stack == router.app, "the router has middleware of its own"
    found = RouteIndex(router)
    found.build()
    router.middleware_stack = found
    return found
