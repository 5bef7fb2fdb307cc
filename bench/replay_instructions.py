"""Instructions one replayed request of the hot page costs in process, by part: the
ceiling's app against our stack as served, without the rate limit, without metrics,
without both. Where ``bench.instructions`` counts whole servers on the wire, this counts
the ASGI app alone, so that the difference between two lines is what one part costs::

    uv run --group bench python -m bench.replay_instructions --statements 1000

Each variant runs in its own process under valgrind's callgrind with instrumentation off
until the app is built and warmed; it is switched on (``callgrind_control -i on``) just
before the counted requests and the process ends right after them, so only the requests
are counted. A ``harness`` line (an app that does nothing) is the cost of making each
request's scope; it is taken off every other line.

Each request's scope is built afresh, its path, query and header names new objects as
uvicorn makes them. With the same string objects on every request, dictionaries find
their keys by identity and skip hashing and comparing them: a bulk count of the
metrics looked half as costly in process as it was on the wire (docs/performance.md,
"Run of 2026-12-01, 12:56-14:20").
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bench.core import COUNTED_RATE_LIMITS
from bench.instructions import callgrind_control, counting_options, data_to_count

PATH = b"/v1/statements"
QUERY = b"limit=50"
VARIANTS = ("harness", "ceiling", "stack", "no rate limit", "no metrics", "no watches")
WARM_UP = 50


def _scope(gzip: bool) -> Scope:
    # bytes(bytearray(...)) and .decode() make new objects, as uvicorn's parser does.
    headers = [(bytes(bytearray(b"host")), bytes(bytearray(b"127.0.0.1:8000")))]
    if gzip:
        headers.append((bytes(bytearray(b"accept-encoding")), bytes(bytearray(b"gzip"))))
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
        "scheme": "http",
        "method": "GET",
        "root_path": "",
        "path": PATH.decode("latin-1"),
        "raw_path": bytes(bytearray(PATH)),
        "query_string": bytes(bytearray(QUERY)),
        "headers": headers,
        "state": {},
    }


async def _receive() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _discard(message: Message) -> None:
    return None


async def _recorded(app: ASGIApp, gzip: bool) -> tuple[Message, Message]:
    """Our stack's answer to the hot page, as the ceiling replays it."""
    sent: list[Message] = []

    async def keep(message: Message) -> None:
        sent.append(dict(message))

    await app(_scope(gzip), _receive, keep)
    start, body = sent[0], sent[-1]
    if start["status"] != 200:
        raise SystemExit(f"our stack answered {start['status']} to the hot page")
    return start, body


def _app(variant: str, database: str, gzip: bool) -> ASGIApp:
    """The variant's ASGI app on the SQLite file ``database``, with the rate limit the
    benchmark gives our server (counted, never refusing)."""
    if variant == "harness":

        async def nothing(scope: Scope, receive: Receive, send: Send) -> None:
            return None

        return nothing
    from briefings.config import Settings
    from briefings.serving.edge import Watches
    from briefings.serving.server import create_server, watched

    settings = Settings(database_url=f"sqlite:///{database}", rate_limits=COUNTED_RATE_LIMITS)
    server = create_server(settings)
    if variant == "stack":
        return server.stack
    if variant == "ceiling":
        from bench.ceiling import make_app

        start, body = asyncio.run(_recorded(server.stack, gzip))
        key = f"{PATH.decode()}?{QUERY.decode()}" + ("\taccept-encoding: gzip" if gzip else "")
        return make_app({key: (dict(start), dict(body))})
    both = watched(server.app)
    watches = Watches(
        gates=() if variant in ("no rate limit", "no watches") else both.gates,
        observers=() if variant in ("no metrics", "no watches") else both.observers,
    )
    return create_server(settings, engine=server.app.state.engine, watches=watches).stack


def child(variant: str, database: str, requests: int, gzip: bool, ready: Path, go: Path) -> None:
    """Builds the variant's app, warms it, says so, waits for the counters, sends."""
    app = _app(variant, database, gzip)

    async def run() -> None:
        for _ in range(WARM_UP):
            await app(_scope(gzip), _receive, _discard)
        gc.freeze()
        ready.write_text("ready")
        deadline = time.monotonic() + 600
        while not go.exists():
            if time.monotonic() > deadline:
                raise SystemExit("never told to go")
            time.sleep(0.02)
        for _ in range(requests):
            await app(_scope(gzip), _receive, _discard)
        # At once: the interpreter's shutdown would be counted too.
        os._exit(0)

    asyncio.run(run())


def count(variant: str, database: Path, requests: int, gzip: bool, work: Path) -> int:
    """Instructions per request of one variant, the harness included."""
    ready, go = work / f"{variant}.ready", work / f"{variant}.go"
    argv = [
        "valgrind", "--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=/dev/null",
        sys.executable, "-m", "bench.replay_instructions", "--child", variant,
        "--database", str(database), "--requests", str(requests),
        "--ready", str(ready), "--go", str(go), *(["--gzip"] if gzip else []),
    ]  # fmt: skip
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as process:
        deadline = time.monotonic() + 600
        while not ready.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                said = process.stdout.read().decode() if process.stdout else ""
                raise SystemExit(f"{variant} did not start:\n{said[-2000:]}")
            time.sleep(0.2)
        callgrind_control("-i", process.pid, "on")
        go.write_text("go")
        output, _ = process.communicate(timeout=1800)
    found = re.search(rb"Collected : (\d+)", output)
    if found is None:
        raise SystemExit(f"no count from callgrind for {variant}:\n{output.decode()[-2000:]}")
    return int(found.group(1)) // requests


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    counting_options(parser, 4000)
    parser.add_argument("--child", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--ready", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--go", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.database, args.requests, args.gzip, args.ready, args.go)
        return
    source = data_to_count(args)
    with tempfile.TemporaryDirectory(prefix="bench-replay-") as folder:
        work = Path(folder)
        database = work / "db.sqlite"
        shutil.copy(source, database)
        counted = {variant: count(variant, database, args.requests, args.gzip, work)
                   for variant in VARIANTS}  # fmt: skip
    harness = counted.pop("harness")
    net = {variant: total - harness for variant, total in counted.items()}
    page = f"{PATH.decode()}?{QUERY.decode()}" + (" (gzip)" if args.gzip else "")
    print(f"{args.statements:,} statements, {page}, {args.requests:,} requests in process, "
          f"instructions per request (the harness's {harness:,} taken off):")  # fmt: skip
    for variant, value in net.items():
        print(f"  {variant:<14} {value:>8,}  ({value - net['ceiling']:+,} against the ceiling)")
    print(f"  the rate limit costs {net['stack'] - net['no rate limit']:,}, "
          f"metrics {net['stack'] - net['no metrics']:,}")  # fmt: skip


if __name__ == "__main__":
    main()
