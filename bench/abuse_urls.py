"""The costliest URLs of issue 10, against one `briefings serve` on a database you give.

    BRIEFINGS_DATABASE_URL=sqlite:////tmp/100k.db python -m bench.abuse_urls

Prints, for each URL, its status, problem type and seconds (first request: nothing
cached), then `/healthz` latencies (p50, p99, max) while four of the costly URLs run at
once, each repeated with fresh values so that no answer comes from a cache.
"""

from __future__ import annotations

import itertools
import os
import string
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import orjson

from bench.procs import Children, free_port, get, wait_healthy

LETTERS = string.ascii_uppercase
ALL_COUNTRIES = [a + b for a, b in itertools.product(LETTERS, LETTERS)]
ALPHABET_BACKWARDS = " ".join(reversed(string.ascii_lowercase))
FACETS = "facet=kind&facet=speaker&facet=country&facet=area"


def _areas(real: list[str], made_up: int, salt: str = "") -> str:
    names = real + [f"made-up{salt}-{index}" for index in range(made_up)]
    return "&".join(f"area={name}" for name in names)


def urls(salt: str = "") -> dict[str, str]:
    """The issue's worst URLs and their largest forms within the caps, by name."""
    real = ["syn-area-water", "syn-area-health"]
    countries = ALL_COUNTRIES[:100] if not salt else ALL_COUNTRIES[-100:][::-1][:99]
    return {
        "2 areas + 1000 made-up": "/v1/statements?" + _areas(real, 1000, salt),
        "2 areas + 98 made-up": "/v1/statements?" + _areas(real, 98, salt),
        "676 countries + facets": "/v1/statements?"
        + "&".join(f"country={c}" for c in ALL_COUNTRIES)
        + "&"
        + FACETS,
        "100 countries + facets": "/v1/statements?"
        + "&".join(f"country={c}" for c in countries)
        + "&"
        + FACETS
        + (f"&date_from=2000-01-{len(salt) % 28 + 1:02d}" if salt else ""),
        "q=z y x ... a (26 words)": "/v1/statements?q=" + ALPHABET_BACKWARDS.replace(" ", "+"),
        "q=p o ... a (16 words)": "/v1/statements?q="
        + "+".join(reversed(string.ascii_lowercase[:16]))
        + (f"&date_from=2000-01-{len(salt) % 28 + 1:02d}" if salt else ""),
        "search q=a": "/v1/search?q=a" + (f"&offset={len(salt)}" if salt else ""),
        "statements q=a + 4 facets": "/v1/statements?q=a&"
        + FACETS
        + (f"&date_from=2000-01-{len(salt) % 28 + 1:02d}" if salt else ""),
    }


def _problem_type(body: bytes) -> str:
    try:
        return str(orjson.loads(body).get("type", "")).rsplit("/", 1)[-1]
    except (orjson.JSONDecodeError, AttributeError):
        return ""


def timed(port: int, path: str) -> tuple[int, str, float]:
    started = time.perf_counter()
    answer = get(port, path)
    return answer.status, _problem_type(answer.body), time.perf_counter() - started


def health_while(
    port: int, load: Callable[[int], None], workers: int, seconds: float
) -> list[float]:
    """`/healthz` latencies, one request every 10 ms, while ``workers`` threads run ``load``."""
    stop = threading.Event()

    def loop(worker: int) -> None:
        for round_ in itertools.count():
            if stop.is_set():
                return
            load(worker * 1000 + round_)

    threads = [threading.Thread(target=loop, args=(n,), daemon=True) for n in range(workers)]
    for thread in threads:
        thread.start()
    latencies: list[float] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        latencies.append(timed(port, "/healthz")[2])
        time.sleep(0.01)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(latencies)


def main() -> int:
    database = os.environ.get("BRIEFINGS_DATABASE_URL")
    if not database:
        print("set BRIEFINGS_DATABASE_URL to a generated database", file=sys.stderr)
        return 2
    port = free_port()
    children = Children(Path(tempfile.mkdtemp(prefix="abuse-urls-")))
    try:
        server = children.start(
            "serve",
            [sys.executable, "-m", "briefings.cli", "serve", "--port", str(port)],
            env={"BRIEFINGS_DATABASE_URL": database},
            port=port,
        )
        wait_healthy(server, "/readyz", timeout=600)
        print(f"{'url':<28} {'status':>6} {'problem':<18} {'seconds':>8}")
        for name, path in urls().items():
            status, problem, seconds = timed(port, path)
            print(f"{name:<28} {status:>6} {problem:<18} {seconds:>8.3f}")

        def load(round_: int) -> None:
            salted = list(urls(salt="x" * (round_ % 50 + 1)).values())
            timed(port, salted[[1, 3, 5, 7][round_ % 4]])

        for workers in (0, 4):
            latencies = health_while(port, load, workers=workers, seconds=20)
            p50 = latencies[len(latencies) // 2] * 1000
            p99 = latencies[int(len(latencies) * 0.99)] * 1000
            print(
                f"/healthz, {workers} costly requests at once: n={len(latencies)} "
                f"p50={p50:.1f} ms p99={p99:.1f} ms max={latencies[-1] * 1000:.1f} ms"
            )
        return 0
    finally:
        children.stop_all()


if __name__ == "__main__":
    raise SystemExit(main())
