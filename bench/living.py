"""The living dataset's figures: import throughput, commit-to-SSE latency, and the hot
page's read latency while writes run. Each prints its figures next to a peer measured
in the same run, as a ratio.

    uv run python -m bench.living import --statements 20000
        Generated articles sent through POST /v1/imports (in process: parsing, checks,
        the loading path, the change log), against the generator's own loading of the
        same articles into another SQLite file. Target: 10,000 statements/s.
    uv run python -m bench.living sse --writes 200 [--across] [--database-url URL]
        A served process's live tail of /v1/changes while record writes commit: the
        time from each change's commit (its `time`) to its event. `--across` writes
        through a second server process on the same database. Peer: the write's own
        round trip. Targets: p99 under 100 ms in one process, 250 ms across (PostgreSQL).
    uv run python -m bench.living hot-read --seconds 20 [--database-url URL]
        The hot page read again and again, first alone, then while 50 record writes a
        second run beside it. Target: p99 under 10 ms with the writes.

Servers are `briefings serve` processes on a free port; the SQLite file (by default a
new one under /tmp, seeded with the curated data) is left for inspection. Do not run
while another benchmark holds the machine (/tmp/BENCH_RUNNING).
"""

import argparse
import datetime as dt
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import orjson

from bench.core import COUNTED_RATE_LIMITS

HOT_PAGE = "/v1/statements?limit=50"
# Written by the benchmarks: statements, whose change renders no other body again.
RECORDS = (
    "/v1/statements/nurtleu-trade-quote",
    "/v1/statements/kyrgyzstan-water-commitment",
    "/v1/statements/mobility-talks",
)
RECORD = RECORDS[0]
MERGE = "application/merge-patch+json"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def summary(name: str, values: list[float]) -> str:
    return (
        f"{name}: n={len(values)} p50={percentile(values, 50):.1f} ms "
        f"p99={percentile(values, 99):.1f} ms max={max(values):.1f} ms"
    )


# --- import throughput ---------------------------------------------------------------


def _documents(statements: int, seed: int) -> tuple[Any, list[tuple[Any, str]]]:
    from briefings.synthetic.articles import STATEMENTS_PER_SOURCE, write_article
    from briefings.synthetic.world import build_world

    world = build_world(seed)
    sources = -(-statements // STATEMENTS_PER_SOURCE)
    articles = []
    for index in range(sources):
        count = min(STATEMENTS_PER_SOURCE, statements - index * STATEMENTS_PER_SOURCE)
        article = write_article(world, seed, index, count, None)
        articles.append((article.seed, article.text))
    return world, articles


def as_import(seed_file: Any, text: str) -> bytes:
    data = seed_file.model_dump(mode="json", exclude_none=True)
    data["source"].pop("file")
    data["source"]["text"] = text
    for statement in data.get("statements", []):
        statement.pop("speaker", None)  # derived from `speakers`
    return orjson.dumps(data)


def bench_import(args: argparse.Namespace) -> None:
    from fastapi.testclient import TestClient

    from briefings import migrations
    from briefings.changes.lock import writing
    from briefings.config import Settings
    from briefings.db import make_engine
    from briefings.keys.store import create_key
    from briefings.seeding import SYNTHETIC, ParsedSeed, load_bundle, resolve
    from briefings.serving.server import create_server

    world, articles = _documents(args.statements, args.seed)
    bodies = [as_import(seed_file, text) for seed_file, text in articles]
    folder = Path(tempfile.mkdtemp(prefix="bench-living-"))
    figures: dict[str, float] = {}
    for name in ("loader", "import"):
        engine = make_engine(f"sqlite:///{folder / name}.db")
        migrations.upgrade(engine)
        with writing(engine) as session:
            registry = ParsedSeed.in_memory(world.registry, world.registry_text)
            bundle, _ = resolve([registry], {})
            load_bundle(session, bundle, SYNTHETIC)
            token = create_key(session, "bench", "write")
        known = world.ids()
        started = time.perf_counter()
        if name == "loader":
            for seed_file, text in articles:
                with writing(engine) as session:
                    bundle, problems = resolve([ParsedSeed.in_memory(seed_file, text)], known)
                    assert not problems, problems[:3]
                    load_bundle(session, bundle, SYNTHETIC)
                known["source"].add(seed_file.source.id)
        else:
            settings = Settings(database_url=str(engine.url), max_body_bytes=50_000_000)
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            # Entered, the client keeps one event loop for every request, as a served
            # process does; outside a `with` it starts a thread and a loop per request.
            with TestClient(create_server(settings, engine=engine)) as client:
                for body in bodies:
                    answer = client.post("/v1/imports", content=body, headers=headers)
                    assert answer.status_code == 201, answer.text[:500]
        seconds = time.perf_counter() - started
        figures[name] = args.statements / seconds
        print(
            f"{name}: {args.statements:,} statements in {seconds:.1f} s, "
            f"{figures[name]:,.0f} statements/s"
        )
        engine.dispose()
    print(f"import / loader: {figures['import'] / figures['loader']:.2f}")
    print(f"import / target (10,000 statements/s): {figures['import'] / 10_000:.2f}")


# --- servers -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(database_url: str, folder: Path) -> Iterator[str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFINGS_")}
    env["BRIEFINGS_DATABASE_URL"] = database_url
    # Counted but never refused: the readers ask as fast as they can, past the default
    # limit of one client (bench/run.py does the same for wrk).
    env["BRIEFINGS_RATE_LIMITS"] = COUNTED_RATE_LIMITS
    with (folder / f"server-{port}.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "briefings.cli", "serve", "--port", str(port)],
            cwd=folder,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def database(args: argparse.Namespace) -> tuple[str, Path]:
    folder = Path(tempfile.mkdtemp(prefix="bench-living-"))
    return args.database_url or f"sqlite:///{folder / 'living.db'}", folder


def write_key(database_url: str) -> dict[str, str]:
    from briefings.changes.lock import writing
    from briefings.db import make_engine
    from briefings.keys.store import create_key

    engine = make_engine(database_url, pool_size=1)
    with writing(engine) as session:
        token = create_key(session, f"bench-{time.time_ns()}", "write")
    engine.dispose()
    return {"Authorization": f"Bearer {token}"}


def rename(
    client: httpx.Client, base: str, key: dict[str, str], n: int, record: str = RECORD
) -> float:
    """One record write, its round trip in ms. The ETag of the last answer is reused (a
    write answers with the record's new ETag); read again only after a 412."""
    started = time.perf_counter()
    for _ in range(5):
        etag = _etags.get(record) or client.get(base + record).headers["etag"]
        headers = {**key, "If-Match": etag, "Content-Type": MERGE}
        answer = client.patch(base + record, json={"translation": f"Version {n}"}, headers=headers)
        _etags[record] = answer.headers.get("etag") if answer.status_code == 200 else None
        if answer.status_code == 200:
            break
    return (time.perf_counter() - started) * 1000


_etags: dict[str, str | None] = {}


# --- commit-to-SSE latency -----------------------------------------------------------


def bench_sse(args: argparse.Namespace) -> None:
    url, folder = database(args)
    arrivals: list[float] = []
    with (
        served(url, folder) as tail_base,
        served(url, folder) if args.across else (_same(tail_base)) as write_base,
    ):
        key = write_key(url)
        opened = threading.Event()
        done = threading.Event()

        def listen() -> None:
            position = _end(tail_base)
            with httpx.stream(
                "GET",
                f"{tail_base}/v1/changes?since={position}&type=statement",
                headers={"Accept": "text/event-stream"},
                timeout=None,
            ) as answer:
                for line in answer.iter_lines():
                    if line.startswith("retry:"):
                        opened.set()
                    if line.startswith("data: "):
                        change = orjson.loads(line[6:])
                        committed = dt.datetime.fromisoformat(change["time"].replace("Z", "+00:00"))
                        arrivals.append((time.time() - committed.timestamp()) * 1000)
                        if len(arrivals) >= args.writes or done.is_set():
                            return

        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        opened.wait(30)
        trips = []
        with httpx.Client() as client:
            for n in range(args.writes):
                trips.append(rename(client, write_base, key, n))
                time.sleep(args.pause)
        listener.join(30)
        done.set()
    where = "across processes" if args.across else "in one process"
    print(f"database: {url.split('?')[0]}; tail {where}")
    print(summary("commit to event", arrivals))
    print(summary("peer: the write's round trip", trips))
    print(f"event p99 / write p99: {percentile(arrivals, 99) / percentile(trips, 99):.2f}")


@contextmanager
def _same(base: str) -> Iterator[str]:
    yield base


def _end(base: str) -> str:
    url = "/v1/changes?limit=500"
    while True:
        page = httpx.get(base + url).json()
        url = page["links"]["next"]
        if not page["meta"]["more"]:
            return str(url).split("since=")[1].split("&")[0]


# --- hot page under writes -----------------------------------------------------------


def _reads(base: str, seconds: float) -> list[float]:
    times = []
    with httpx.Client() as client:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            started = time.perf_counter()
            assert client.get(base + HOT_PAGE).status_code == 200
            times.append((time.perf_counter() - started) * 1000)
    return times


def bench_hot_read(args: argparse.Namespace) -> None:
    url, folder = database(args)
    with served(url, folder) as base:
        key = write_key(url)
        alone = _reads(base, args.seconds)
        stop = threading.Event()
        written = [0]

        def writer(record: str) -> None:
            # Writers take turns on the write lock: a few of them, each on its own record,
            # keep the rate while one waits for its answer.
            with httpx.Client() as client:
                interval = len(RECORDS) / args.writes_per_second
                next_at = time.monotonic()
                while not stop.is_set():
                    rename(client, base, key, written[0], record)
                    written[0] += 1
                    next_at += interval
                    time.sleep(max(0.0, next_at - time.monotonic()))

        threads = [threading.Thread(target=writer, args=(r,), daemon=True) for r in RECORDS]
        for thread in threads:
            thread.start()
        busy = _reads(base, args.seconds)
        stop.set()
        for thread in threads:
            thread.join(30)
    print(f"database: {url.split('?')[0]}; {written[0] / args.seconds:.0f} writes/s ran")
    print(summary("hot page alone", alone))
    print(summary("hot page with writes", busy))
    print(f"p99 with writes / alone: {percentile(busy, 99) / percentile(alone, 99):.2f}")


def main(argv: list[str] | None = None) -> int:
    root = argparse.ArgumentParser(
        prog="python -m bench.living",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = root.add_subparsers(dest="command", required=True)
    imports = commands.add_parser("import", help="import throughput against the loader")
    imports.add_argument("--statements", type=int, default=20_000)
    imports.add_argument("--seed", type=int, default=0)
    imports.set_defaults(run=bench_import)
    sse = commands.add_parser("sse", help="commit-to-event latency of the live tail")
    sse.add_argument("--writes", type=int, default=200)
    sse.add_argument("--pause", type=float, default=0.02, help="seconds between writes")
    sse.add_argument("--across", action="store_true", help="write through a second server")
    sse.add_argument("--database-url", help="default: a new seeded SQLite file under /tmp")
    sse.set_defaults(run=bench_sse)
    hot = commands.add_parser("hot-read", help="hot page latency with 50 writes/s beside it")
    hot.add_argument("--seconds", type=float, default=20.0)
    hot.add_argument("--writes-per-second", type=float, default=50.0)
    hot.add_argument("--database-url", help="default: a new seeded SQLite file under /tmp")
    hot.set_defaults(run=bench_hot_read)
    args = root.parse_args(argv)
    args.run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
