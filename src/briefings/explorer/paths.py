"""Which request paths are explorer pages, told apart from the API's without routing.

The security headers and the response cache decide per request whether an answer is a
page (its own content policy; its language is part of what it represents), so this must
be cheap and must never claim an API path: the API lives under ``/v1`` and at a few fixed
paths (``/docs``, ``/openapi.json``, ``/healthz``, ``/readyz``, ``/metrics``), none of which
starts with one of these roots.
"""

from briefings.resources import REGISTRY

# A page per collection (``/statements``) and per record (``/statements/{id}``), named as
# the API names them under ``/v1``.
COLLECTIONS = tuple(resource.collection for resource in REGISTRY.resources.values())
STATIC = "static"
SEARCH = "search"
ROOTS = frozenset({*COLLECTIONS, STATIC, SEARCH})
API_PREFIX = "/v1"


def is_page(path: str) -> bool:
    """True for ``/`` and every path under an explorer root (``/sources/...``)."""
    if path == "/":
        return True
    if path.startswith(API_PREFIX + "/"):
        return False
    return path.split("/", 2)[1] in ROOTS


def page_of(href: str) -> str:
    """The page showing what an API ``href`` names: ``/v1/actors/x`` is ``/actors/x``."""
    return href.removeprefix(API_PREFIX) if href.startswith(API_PREFIX + "/") else href
