"""The explorer's routes, kept out of the OpenAPI document (they are pages, not API)."""

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from briefings.explorer import views
from briefings.explorer.context import HERE
from briefings.explorer.paths import SEARCH, STATIC
from briefings.resources import REGISTRY

# Record pages drawn their own way; every other type gets the generic record page.
OWN_PAGES: dict[str, Callable[..., Any]] = {
    "source": views.source,
    "briefing": views.briefing,
}


def router() -> APIRouter:
    pages = APIRouter(include_in_schema=False)
    methods = ["GET", "HEAD"]
    pages.add_api_route("/", views.home, methods=methods)
    pages.add_api_route(f"/{SEARCH}", views.search, methods=methods)
    for resource in REGISTRY.resources.values():
        path = f"/{resource.collection}"
        pages.add_api_route(path, views.collection(resource), methods=methods)
        one = OWN_PAGES.get(resource.type) or views.item(resource)
        pages.add_api_route(path + "/{record_id}", one, methods=methods)
    return pages


def install(app: FastAPI) -> None:
    """The pages at ``/``, and their stylesheet and script at ``/static``."""
    app.include_router(router())
    app.mount(f"/{STATIC}", StaticFiles(directory=HERE / "static"), name=STATIC)
