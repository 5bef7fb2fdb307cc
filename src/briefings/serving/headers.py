"""Security headers on every answer, whatever produced it (a handler, the cache, an error).

JSON, CSV and problems are data, never a page: nothing in them may run, load, or be framed,
and no browser may sniff them into HTML. The one HTML the API serves is Swagger UI at
/docs, which FastAPI loads from jsDelivr with an inline bootstrap script; its policy allows
exactly that, and the document it fetches from this origin.
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

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


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def hardened(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                html = any(
                    name == b"content-type" and value.startswith(b"text/html")
                    for name, value in headers
                )
                policy = DOCS_POLICY if html else DATA_POLICY
                message["headers"] = [*headers, *COMMON, (b"content-security-policy", policy)]
            await send(message)

        await self.app(scope, receive, hardened)
