"""The ceiling: a bare ASGI app, no framework, that answers each known URL with the exact
status, headers and body our server gave for it (recorded once before the runs).

Run by the same uvicorn as ``briefings serve``::

    BENCH_CEILING_FILE=answers.json python -m uvicorn bench.ceiling:app ...

The file maps ``path?query`` (followed by ``\taccept-encoding: VALUE`` for a request
that sent one) to ``{"status", "headers": [[name, value]...], "body_b64"}``.
Only what uvicorn itself adds (``date``, ``server``) is not replayed, as in our server.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

Answer = tuple[dict[str, Any], dict[str, Any]]


def load(path: str) -> dict[str, Answer]:
    with open(path, encoding="utf-8") as handle:
        raw: dict[str, Any] = json.load(handle)
    answers: dict[str, Answer] = {}
    for url, entry in raw.items():
        headers = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in entry["headers"]
            if name.lower() not in ("date", "server")
        ]
        answers[url] = (
            {"type": "http.response.start", "status": entry["status"], "headers": headers},
            {"type": "http.response.body", "body": base64.b64decode(entry["body_b64"])},
        )
    return answers


NOT_FOUND: Answer = (
    {
        "type": "http.response.start",
        "status": 404,
        "headers": [(b"content-type", b"text/plain"), (b"content-length", b"9")],
    },
    {"type": "http.response.body", "body": b"not found"},
)


def make_app(answers: dict[str, Answer]) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        query: bytes = scope["query_string"]
        key = scope["raw_path"].decode("latin-1") if scope.get("raw_path") else scope["path"]
        if query:
            key += "?" + query.decode("latin-1")
        # A recorded request that sent Accept-Encoding is keyed with it (bench/procs.py,
        # with_headers): the same URL has a compressed answer and a plain one.
        for name, value in scope["headers"]:
            if name == b"accept-encoding":
                coded = answers.get(f"{key}\taccept-encoding: {value.decode('latin-1')}")
                if coded is not None:
                    await send(coded[0])
                    await send(coded[1])
                    return
        start, body = answers.get(key, NOT_FOUND)
        await send(start)
        await send(body)

    return app


_file = os.environ.get("BENCH_CEILING_FILE")
app = make_app(load(_file) if _file else {})
