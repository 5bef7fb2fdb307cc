"""What the watch steps (metrics, rate limit) cost on the hot path, in process.

A cached GET is sent straight into the stack as served, with and without the steps, and
into a bare ASGI app that replays the same bytes (the benchmark's ceiling), in
alternating rounds; the medians are printed in microseconds per request.

    BRIEFINGS_DATABASE_URL=sqlite:////tmp/watch100k.db nice -n 19 uv run python -m bench.steps

The rate limit is raised (``COUNTED_RATE_LIMITS``) so that every request is counted and none
refused: with the shipped 6,000 a minute, the rounds past the 6,000th timed 429 answers.
"""

import argparse
import asyncio
import gc
import statistics
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bench.core import COUNTED_RATE_LIMITS
from briefings.app import create_app
from briefings.config import get_settings
from briefings.serving.edge import Watches
from briefings.serving.server import Server


def _scope(path: str, query: bytes) -> Scope:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query,
        "headers": [(b"host", b"127.0.0.1:8000"), (b"accept", b"*/*")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


async def _receive() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


def _replay(start: Message, body: bytes) -> ASGIApp:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send(start)
        await send({"type": "http.response.body", "body": body})

    return app


async def _round(app: ASGIApp, path: str, query: bytes, count: int) -> float:
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    started = time.process_time()
    for _ in range(count):
        await app(_scope(path, query), _receive, send)
        sent.clear()
    return (time.process_time() - started) / count * 1e6


async def main(path: str, query: bytes, count: int, rounds: int) -> None:
    settings = get_settings().model_copy(update={"rate_limits": COUNTED_RATE_LIMITS})
    app = create_app(settings)
    bare = Server(app, watches=Watches())
    stacks: dict[str, ASGIApp] = {"without watches": bare, "as served": Server(app)}
    answer: list[Message] = []

    async def keep(message: Message) -> None:
        answer.append(message)

    await bare(_scope(path, query), _receive, keep)
    assert answer[0]["status"] == 200, answer[0]
    stacks["bare ASGI replay"] = _replay(answer[0], answer[1]["body"])
    gc.freeze()  # as served() does: a collection walks only what requests leave behind
    times: dict[str, list[float]] = {name: [] for name in stacks}
    for _ in range(rounds):
        for name, stack in stacks.items():
            await _round(stack, path, query, 200)  # warm
            times[name].append(await _round(stack, path, query, count))
    median: Callable[[str], float] = lambda name: statistics.median(times[name])  # noqa: E731
    for name in stacks:
        print(f"{name:>18}: {median(name):7.2f} µs per cached GET (median of {rounds})")
    cost = median("as served") - median("without watches")
    print(f"{'the watches cost':>18}: {cost:7.2f} µs per request")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default="/v1/statements")
    parser.add_argument("--query", default="limit=50")
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    asyncio.run(main(args.path, args.query.encode(), args.count, args.rounds))
