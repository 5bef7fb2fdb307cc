"""One real ``briefings serve`` process per set of settings, and its resident memory.

Each server runs as shipped except for the settings a part names (a raised head limit so
100 kB ``Accept`` headers reach the cache, the rate limit and metrics turned on). Its
memory is sampled in the background for the whole time it runs, so the report can give
the largest resident size each server reached, not just the size at the end.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from bench.procs import Child, Children, free_port, tree_rss_mb, wait_healthy

STARTUP_TIMEOUT_S = 600.0  # a first start migrates and may build its search index
SAMPLE_EVERY_S = 0.5


@dataclass
class Served:
    name: str
    port: int
    pid: int
    settings: dict[str, str]
    # (seconds since start, MiB), every SAMPLE_EVERY_S while the server runs.
    samples: list[tuple[float, float]] = field(default_factory=list)
    # Seconds after start when the process was found gone, and its exit status.
    died_at: float | None = None
    exit_status: int | None = None

    def rss_mb(self) -> float:
        return tree_rss_mb(self.pid)

    @property
    def peak_mb(self) -> float:
        return max((mb for _, mb in self.samples), default=0.0)


@contextmanager
def served(
    children: Children, name: str, database_url: str, settings: Mapping[str, str] | None = None
) -> Iterator[Served]:
    """Starts ``briefings serve`` with ``BRIEFINGS_<KEY>`` settings, waits for `/readyz`."""
    port = free_port()
    env = {"BRIEFINGS_DATABASE_URL": database_url}
    env |= {f"BRIEFINGS_{key.upper()}": value for key, value in (settings or {}).items()}
    child = children.start(
        name,
        [sys.executable, "-m", "briefings.cli", "serve", "--port", str(port)],
        env=env,
        port=port,
    )
    stop = threading.Event()
    try:
        wait_healthy(child, "/readyz", timeout=STARTUP_TIMEOUT_S)
        server = Served(name, port, child.pid, dict(settings or {}))
        sampler = threading.Thread(target=_sample, args=(server, child, stop), daemon=True)
        sampler.start()
        yield server
        stop.set()
        sampler.join(timeout=5)
        if not child.alive():
            server.exit_status = child.process.returncode
            print(f"{name} died (exit status {server.exit_status}); log:\n{child.log_tail()}")
    finally:
        stop.set()
        children.stop(child)


def _sample(server: Served, child: Child, stop: threading.Event) -> None:
    started = time.monotonic()
    while not stop.is_set():
        if not child.alive():
            server.died_at = time.monotonic() - started
            server.exit_status = child.process.returncode
            return
        server.samples.append((time.monotonic() - started, server.rss_mb()))
        stop.wait(SAMPLE_EVERY_S)
