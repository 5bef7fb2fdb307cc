"""Security headers on every answer, whatever produced it (a handler, the cache, an error).

JSON, CSV and problems are data, never a page: nothing in them may run, load, or be framed,
and no browser may sniff them into HTML. The API's own HTML is the documentation at /docs
(Swagger UI, and ReDoc at /docs/redoc), whose files this server serves itself
(``briefings.docs_ui``); its policy allows scripts, styles, images and requests from this
origin only. Both set inline styles, hence ``'unsafe-inline'`` for styles (never for
scripts); ReDoc runs its search in a worker made from its own bundle, as a ``blob:``.
The explorer's pages load their own stylesheet, script and icon from this origin and
nothing else, inline or not.
"""

from briefings.explorer.paths import API_PREFIX, is_page

# An answer's headers as ASGI carries them: (name, value) pairs, names in lower case.
Headers = list[tuple[bytes, bytes]]

DATA_POLICY = b"default-src 'none'; frame-ancestors 'none'"
DOCS_POLICY = (
    b"default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    b"img-src 'self' data:; connect-src 'self'; worker-src blob:; frame-ancestors 'none'"
)

PAGE_POLICY = (
    b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    b"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

COMMON = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
DATA_HEADERS = [*COMMON, (b"content-security-policy", DATA_POLICY)]
DOCS_HEADERS = [*COMMON, (b"content-security-policy", DOCS_POLICY)]
PAGE_HEADERS = [*COMMON, (b"content-security-policy", PAGE_POLICY)]
# The pages FastAPI serves as HTML (Swagger UI and its OAuth2 redirect); told by path, as
# scanning every answer's headers for its type cost more than the rest of this step.
DOCS_PATH = "/docs"


def security_headers(path: str) -> Headers:
    """The headers every answer for ``path`` carries; added by the first step (request id),
    whose wrapper every answer already passes, as a step of its own cost more."""
    if path.startswith(API_PREFIX):
        # Asked first: nearly every request is one of the API's.
        return DATA_HEADERS
    if path.startswith(DOCS_PATH):
        return DOCS_HEADERS
    return PAGE_HEADERS if is_page(path) else DATA_HEADERS
