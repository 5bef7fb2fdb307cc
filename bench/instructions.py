"""Instructions a server executes per request, ours against the ceiling: a figure the
machine's load does not move.

wrk's requests per second on a shared 2-core machine swing by 10-20% from run to run,
and more in a slow hour. This counts instead, with valgrind's callgrind, the instructions
each server's process executes (user space: the kernel's share of a request is the same
bytes on the same sockets for both) while a client sends the same request a fixed number
of times over 32 keep-alive connections, after a warm-up::

    uv run --group bench python -m bench.instructions --statements 1000 --requests 3200

Needs valgrind (`apt-get install valgrind`) and the bench's data file at that scale
(``python -m bench`` builds it). Each server runs about 50 times slower under valgrind:
3,200 requests take a minute or two each. The counters are zeroed after the warm-up and
read once the requests are answered (``callgrind_control``), so start-up is not counted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.data import briefings_bin
from bench.procs import HOST, BenchError, Children, free_port, wait_healthy, with_headers
from bench.servers import OURS_ENV, ceiling_argv, record_answers

HOT = "/v1/statements?limit=50"
CONNECTIONS = 32
WARM_UP = 320


async def _connection(port: int, request: bytes, count: int) -> int:
    reader, writer = await asyncio.open_connection(HOST, port)
    ok = 0
    for _ in range(count):
        writer.write(request)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        await reader.readexactly(length)
        ok += head.startswith(b"HTTP/1.1 200")
    writer.close()
    return ok


def drive(port: int, path: str, headers: list[tuple[str, str]], total: int) -> int:
    """Sends ``total`` GETs of ``path`` over CONNECTIONS connections; the count of 200s."""
    lines = "".join(f"{name}: {value}\r\n" for name, value in headers)
    request = f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n{lines}\r\n".encode("latin-1")
    per = total // CONNECTIONS

    async def run() -> int:
        counts = await asyncio.gather(
            *(_connection(port, request, per) for _ in range(CONNECTIONS))
        )
        return sum(counts)

    return asyncio.run(run())


def count(
    children: Children,
    name: str,
    argv: list[str],
    env: dict[str, str],
    port: int,
    headers: list[tuple[str, str]],
    requests: int,
    ready: Callable[[], None] = lambda: None,
) -> int:
    """Instructions per request of the server that ``argv`` starts, under callgrind;
    ``ready`` runs once it answers, before the warm-up."""
    out = children.log_dir / name
    valgrind = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}.%p"]
    server = children.start(name, [*valgrind, *argv], env=env, port=port)
    try:
        wait_healthy(server, with_headers(HOT, headers), timeout=600, poll=0.5)
        ready()
        drive(port, HOT, headers, WARM_UP)
        callgrind_control("-z", server.pid)
        answered = drive(port, HOT, headers, requests)
        if answered != requests // CONNECTIONS * CONNECTIONS:
            raise BenchError(f"{answered} of {requests} requests answered 200")
        callgrind_control("-d", server.pid)
    finally:
        children.stop(server, timeout=120)
    dumps = sorted(out.parent.glob(f"{name}.*.*"), key=lambda p: p.stat().st_mtime)
    if not dumps:
        raise BenchError("callgrind wrote no dump after the requests")
    for line in dumps[-1].read_text().splitlines():
        if line.startswith("summary:"):
            return int(line.split()[1]) // answered
    raise BenchError(f"no summary line in {dumps[-1]}")


def callgrind_control(option: str, pid: int, *values: str) -> None:
    subprocess.run(
        ["callgrind_control", option, *values, str(pid)], check=True, capture_output=True
    )


def counting_options(parser: argparse.ArgumentParser, requests: int) -> None:
    """The options of a count: the data's scale, the requests counted, the coding."""
    parser.add_argument("--statements", type=int, default=1000, help="bench data scale")
    parser.add_argument("--requests", type=int, default=requests, help="counted requests")
    parser.add_argument("--gzip", action="store_true", help="ask for the gzip answer")
    parser.add_argument("--data-dir", type=Path, default=Path(__file__).parent / "data")


def data_to_count(args: argparse.Namespace) -> Path:
    """The bench's data file the options name, once valgrind is known to be there."""
    for tool in ("valgrind", "callgrind_control"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed: apt-get install valgrind")
    source: Path = args.data_dir / f"bench_{args.statements}_s1_gen.sqlite"
    if not source.exists():
        sys.exit(f"no {source}: run `python -m bench --scales {args.statements}` once first")
    return source


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    counting_options(parser, 3200)
    args = parser.parse_args(argv)
    if args.requests < CONNECTIONS:
        parser.error(f"--requests must be at least {CONNECTIONS}, one per connection")
    source = data_to_count(args)
    headers = [("Accept-Encoding", "gzip")] if args.gzip else []
    with tempfile.TemporaryDirectory(prefix="bench-instructions-") as work:
        children = Children(Path(work) / "logs")
        db = Path(work) / "db.sqlite"
        shutil.copy(source, db)
        ours_port = free_port()
        env = {**OURS_ENV, "BRIEFINGS_DATABASE_URL": f"sqlite:///{db}"}
        argv_ours = [str(briefings_bin()), "serve", "--host", HOST, "--port", str(ours_port)]
        # The ceiling replays our answer, recorded from our server before it is counted.
        answers: dict[str, Any] = {}
        try:
            ours = count(
                children, "ours", argv_ours, env, ours_port, headers, args.requests,
                ready=lambda: answers.update(
                    record_answers(ours_port, [with_headers(HOT, headers)])
                ),
            )  # fmt: skip
            answers_file = Path(work) / "answers.json"
            answers_file.write_text(json.dumps(answers))
            ceiling_port = free_port()
            ceiling = count(
                children, "ceiling", ceiling_argv(ceiling_port),
                {"BENCH_CEILING_FILE": str(answers_file)}, ceiling_port, headers, args.requests,
            )  # fmt: skip
        finally:
            children.stop_all()
    print(
        f"{args.statements:,} statements, {HOT}{' (gzip)' if args.gzip else ''}, "
        f"{args.requests:,} requests over {CONNECTIONS} connections: instructions per "
        f"request: ours {ours:,}, ceiling {ceiling:,}; ceiling/ours {ceiling / ours:.3f}"
    )


if __name__ == "__main__":
    main()
