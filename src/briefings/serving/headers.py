"""Security headers on every answer, whatever produced it (a handler, the cache, an error).

JSON, CSV and problems are data, never a page: nothing in them may run, load, or be framed,
and no browser may sniff them into HTML. The one HTML the API serves is Swagger UI at
/docs, which FastAPI loads from jsDelivr with an inline bootstrap script; its policy allows
exactly that, and the document it fetches from this origin.
"""

SWAGGER_CDN = "https://cdn.jsdelivr.net"
SWAGGER_FAVICON = "https://fastapi.tiangolo.com"

DATA_POLICY = b"default-src 'none'; frame-ancestors 'none'"
DOCS_POLICY = (
    f"default-src 'none'; script-src {SWAGGER_CDN} 'unsafe-inline'; "
    f"style-src {SWAGGER_CDN} 'unsafe-inline'; img-src {SWAGGER_FAVICON} data:; "
    "connect-src 'self'; frame-ancestors 'none'"
).encode()

COMMON = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
DATA_HEADERS = [*COMMON, (b"content-security-policy", DATA_POLICY)]
DOCS_HEADERS = [*COMMON, (b"content-security-policy", DOCS_POLICY)]
# The pages FastAPI serves as HTML (Swagger UI and its OAuth2 redirect); told by path, as
# scanning every answer's headers for its type cost more than the rest of this step.
DOCS_PATH = "/docs"


def security_headers(path: str) -> list[tuple[bytes, bytes]]:
    """The headers every answer for ``path`` carries; added by the first step (request id),
    whose wrapper every answer already passes, as a step of its own cost more."""
    return DOCS_HEADERS if path.startswith(DOCS_PATH) else DATA_HEADERS
