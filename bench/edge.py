"""The edge's figures (issue 10, items 3 and 4) against one served process.

    BRIEFINGS_DATABASE_URL=sqlite:////tmp/100k.db nice -n 19 uv run python -m bench.edge

Prints: how fast a 100 MB header is refused and the slowest /healthz meanwhile; a normal
client's p50/p99 alone and beside 200 slowloris connections; resident memory before and
after 2,000 requests with distinct 100 kB Accept headers (the head limit raised so they
reach the response cache).
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

HOST = "127.0.0.1"
PAGE = "/v1/statements?limit=20"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def served(**settings: str) -> Iterator[tuple[str, int]]:
    port = _free_port()
    env = {**os.environ, **{f"BRIEFINGS_{k.upper()}": v for k, v in settings.items()}}
    process = subprocess.Popen(
        [sys.executable, "-m", "briefings.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


def rss_mib(pid: int) -> float:
    pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def latencies(base: str, path: str, seconds: float) -> list[float]:
    found = []
    with httpx.Client(base_url=base, timeout=10) as client:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            started = time.perf_counter()
            client.get(path).raise_for_status()
            found.append((time.perf_counter() - started) * 1000)
    return found


def p(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[int(share * 100) - 1]


def huge_header(base: str) -> None:
    port = int(base.rsplit(":", 1)[1])
    result: dict[str, float] = {}

    def flood() -> None:
        with socket.create_connection((HOST, port)) as client:
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ")
            started = time.monotonic()
            try:
                for _ in range(100):
                    client.sendall(b"a" * 2**20)
                client.recv(1)
            except OSError:
                pass
            result["refused"] = time.monotonic() - started

    thread = threading.Thread(target=flood)
    thread.start()
    slowest = 0.0
    with httpx.Client(base_url=base, timeout=10) as other:
        while thread.is_alive():
            started = time.perf_counter()
            other.get("/healthz")
            slowest = max(slowest, time.perf_counter() - started)
    thread.join()
    print(
        f"100 MB header: refused after {result['refused'] * 1000:.0f} ms; "
        f"slowest /healthz meanwhile {slowest * 1000:.1f} ms"
    )


def slowloris(base: str, count: int, seconds: float) -> None:
    port = int(base.rsplit(":", 1)[1])
    stop = threading.Event()

    def trickle() -> None:
        # Each keeps one connection trickling a head, and opens another when it is cut.
        while not stop.is_set():
            try:
                with socket.create_connection((HOST, port), timeout=5) as client:
                    client.sendall(b"GET / HTTP/1.1\r\n")
                    while not stop.wait(1.0):
                        client.sendall(b"X-a: b\r\n")
            except OSError:
                continue

    threads = [threading.Thread(target=trickle, daemon=True) for _ in range(count)]
    alone = latencies(base, PAGE, seconds)
    for thread in threads:
        thread.start()
    time.sleep(2)
    beside = latencies(base, PAGE, seconds)
    stop.set()
    print(
        f"{PAGE}: alone p50 {p(alone, 0.5):.1f} ms p99 {p(alone, 0.99):.1f} ms; "
        f"beside {count} slowloris p50 {p(beside, 0.5):.1f} ms p99 {p(beside, 0.99):.1f} ms"
    )


def accept_headers(base: str, pid: int, requests: int) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        for n in range(50):
            client.get("/v1/places", headers={"Accept": f"application/json, w-{n}/" + "y" * 102400})
        before = rss_mib(pid)
        for n in range(requests):
            accept = f"application/json, x-{n}/" + "y" * 102400
            client.get("/v1/places", headers={"Accept": accept}).raise_for_status()
        after = rss_mib(pid)
    print(
        f"{requests} distinct 100 kB Accept headers: resident {before:.1f} -> {after:.1f} MiB "
        f"(+{after - before:.1f})"
    )


def main() -> None:
    with served() as (base, _):
        huge_header(base)
        slowloris(base, 200, 10.0)
    with served(max_header_bytes=str(256 * 1024)) as (base, pid):
        accept_headers(base, pid, 2000)


if __name__ == "__main__":
    main()
