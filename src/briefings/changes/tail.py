"""The live tail of ``/v1/changes``: server-sent events, one per change.

Each event's ``id`` is the feed position after it, the same value ``since`` takes, so a
client that reconnects with ``Last-Event-ID`` (browsers' EventSource do it by themselves)
resumes exactly where it stopped, and one that switches between polling and listening
loses nothing. A quiet tail sends a comment line every ``BRIEFINGS_SSE_HEARTBEAT_SECONDS``.
The tail reads the log in the same snapshots as any read (``db.read``), a page at a time.
"""

from collections.abc import AsyncIterator
from functools import partial

import orjson
from fastapi import Request
from starlette.responses import Response, StreamingResponse

from briefings.catalog import RecordType
from briefings.changes import feed
from briefings.changes.routes import COLLECTIONS, EVENT_STREAM, change_params
from briefings.changes.signal import signal_of
from briefings.db import Reader, read
from briefings.kit.params import Query, choice

# Changes read per turn: a client far behind catches up in pages, not one huge read.
PAGE = 500


async def stream(request: Request) -> Response:
    settings = request.app.state.settings
    query = Query(request, change_params(settings.page_limit_default, settings.page_limit_max))
    types = sorted(set(query.parsed("type", choice(str(t) for t in RecordType))))
    since = query.one("since")
    query.check()
    resume = request.headers.get("last-event-id")
    # A reconnecting client's Last-Event-ID is newer than the URL it first opened.
    position = resume or since
    seq = (
        feed.START
        if position is None
        else feed.decode_position(position, "Last-Event-ID" if resume else "since")
    )
    return StreamingResponse(
        _events(request, seq, types, settings.sse_heartbeat_seconds),
        media_type=EVENT_STREAM,
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def _page(session: Reader, seq: int, types: list[str]) -> list[feed.Entry]:
    return feed.after(session, seq, PAGE, types)


async def _events(
    request: Request, seq: int, types: list[str], heartbeat: float
) -> AsyncIterator[bytes]:
    # Ends when the client goes: StreamingResponse cancels it on the disconnect.
    signal = signal_of(request.app)
    # Watching before the first read: a change committed after it is heard of.
    signal.start()
    yield b"retry: 1000\n\n"
    while True:
        heard = signal.heard
        entries = await read(request, partial(_page, seq=seq, types=types))
        for entry in entries:
            data = orjson.dumps(entry.item(COLLECTIONS))
            yield b"id: " + feed.encode_position(entry.seq).encode() + b"\nevent: change\n"
            yield b"data: " + data + b"\n\n"
            seq = entry.seq
        if len(entries) == PAGE:
            continue
        if not await signal.wait(heartbeat, heard):
            yield b": heartbeat\n\n"
