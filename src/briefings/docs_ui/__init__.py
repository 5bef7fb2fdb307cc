"""Documentation pages, served from files in this package: Swagger UI at /docs (to try
requests) and ReDoc at /docs/redoc (to read).

The files are those of the npm packages ``swagger-ui-dist`` and ``redoc``, at the
versions in ``swagger-ui/package.json`` and ``redoc/package.json``, copied as published
with their licences (Apache 2.0 with its ``NOTICE``; MIT); only what the pages load is
kept. Nothing is fetched from elsewhere: the pages, scripts, styles and the document all
come from this server, which ``serving/headers.py``'s policy for /docs enforces in the
browser. To update, copy the same files from newer packages and run
``tests/api/test_openapi_docs.py``.
"""

from functools import cache
from importlib.resources import files

from fastapi import APIRouter, FastAPI, Request
from starlette.responses import Response

from briefings.errors import not_found
from briefings.kit.http import respond

HERE = files(__name__)
ASSETS = {
    "swagger-ui-bundle.js": ("swagger-ui/swagger-ui-bundle.js", "text/javascript"),
    "swagger-ui.css": ("swagger-ui/swagger-ui.css", "text/css"),
    "favicon.png": ("swagger-ui/favicon-32x32.png", "image/png"),
    "swagger-init.js": ("swagger-init.js", "text/javascript"),
    "redoc.standalone.js": ("redoc/redoc.standalone.js", "text/javascript"),
}

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - API documentation</title>
<link rel="icon" type="image/png" href="docs/assets/favicon.png">
<link rel="stylesheet" href="docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script src="docs/assets/swagger-init.js"></script>
</body>
</html>
"""


# ReDoc starts from its element's attributes: no script of ours, inline or not.
REDOC_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - API reference</title>
<link rel="icon" type="image/png" href="assets/favicon.png">
</head>
<body>
<redoc spec-url="../openapi.json" expand-responses="200" path-in-middle-panel></redoc>
<script src="assets/redoc.standalone.js"></script>
</body>
</html>
"""


@cache
def asset(name: str) -> tuple[bytes, str]:
    path, media_type = ASSETS[name]
    return HERE.joinpath(path).read_bytes(), media_type


async def docs(request: Request) -> Response:
    """Swagger UI on this API's document; "Try it out" sends the examples, which find data."""
    page = PAGE.format(title=request.app.title).encode()
    return respond(request, page, "text/html; charset=utf-8")


async def redoc(request: Request) -> Response:
    """ReDoc on this API's document: every operation and schema on one page."""
    page = REDOC_PAGE.format(title=request.app.title).encode()
    return respond(request, page, "text/html; charset=utf-8")


async def docs_asset(name: str, request: Request) -> Response:
    if name not in ASSETS:
        raise not_found(f"no file {name!r} in the documentation's assets")
    body, media_type = asset(name)
    return respond(request, body, media_type)


def install(app: FastAPI) -> None:
    router = APIRouter(include_in_schema=False)
    # The page's links are relative ("docs/assets/...", "openapi.json") so that they
    # still hold behind a proxy that serves the API under a path prefix.
    for method in ("GET", "HEAD"):
        router.add_api_route("/docs", docs, methods=[method])
        router.add_api_route("/docs/redoc", redoc, methods=[method])
        router.add_api_route("/docs/assets/{name}", docs_asset, methods=[method])
    app.include_router(router)
