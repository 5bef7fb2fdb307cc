"""What counting a request costs: the libraries' own calls against the edge's, in process.

The rate limit and the metrics count every request, replays included, so their cost is
paid on the hot path. This times, in CPU microseconds per call (best of several rounds
of many calls), the ``limits`` library's memory storage against the rate limit's whole
check (its count, its window and the header it adds: more than the storage's part, so
the comparison favours the library), and prometheus-client's counter and histogram
against the meter's plain counts::

    uv run python -m bench.watch_costs

The figures are in docs/performance.md ("The watches").
"""

import argparse
import time
import timeit
from collections.abc import Callable

from limits import parse
from limits.storage import MemoryStorage
from prometheus_client import CollectorRegistry, Counter, Histogram

from bench.core import COUNTED_RATE_LIMITS
from briefings.serving.metrics import DURATION_BUCKETS, Meter
from briefings.serving.ratelimit import RateLimit

LIMIT = COUNTED_RATE_LIMITS


def library_limiter() -> Callable[[], object]:
    """What ``FixedWindowRateLimiter.hit`` and ``get_window_stats`` ask of the storage."""
    storage = MemoryStorage()
    item = parse(LIMIT)
    key = item.key_for("192.0.2.1")
    expiry = item.get_expiry()

    def hit() -> object:
        storage.incr(key, expiry)
        return storage.get_expiry(key)

    return hit


def own_limiter() -> Callable[[], object]:
    limit = RateLimit([parse(LIMIT)])
    scope = {"type": "http", "path": "/v1/statements", "client": ("192.0.2.1", 1), "state": {}}
    added: list[tuple[bytes, bytes]] = []

    def check() -> object:
        added.clear()
        return limit.admit(scope, added)

    return check


def library_metrics() -> Callable[[], object]:
    registry = CollectorRegistry()
    requests = Counter("r", "r", ["route", "method", "status"], registry=registry)
    duration = Histogram("d", "d", ["route"], buckets=DURATION_BUCKETS, registry=registry)
    series = (requests.labels("/v1/statements", "GET", "200"), duration.labels("/v1/statements"))

    def count() -> object:
        series[0].inc()
        series[1].observe(0.0004)
        return None

    return count


def own_metrics() -> Callable[[], object]:
    meter = Meter([], log_requests=False)
    meter.flushing = True  # no event loop here: the timer that moves the counts is not armed
    meter.templates["/v1/statements"] = "/v1/statements"
    scope = {"type": "http", "method": "GET", "path": "/v1/statements", "state": {}}
    return lambda: meter.settle(scope, 200, 0.0004)


def best(call: Callable[[], object], number: int, rounds: int) -> float:
    """CPU microseconds per call, the best round (the least disturbed by the machine)."""
    times = timeit.repeat(call, number=number, repeat=rounds, timer=time.process_time)
    return min(times) / number * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=200_000, help="calls per round")
    parser.add_argument("--rounds", type=int, default=7, help="rounds; the best is kept")
    args = parser.parse_args()
    pairs = [
        ("rate limit", library_limiter(), own_limiter(), "limits MemoryStorage", "RateLimit.admit"),
        ("metrics", library_metrics(), own_metrics(), "prometheus-client", "Meter.settle"),
    ]
    for what, library, own, library_name, own_name in pairs:
        theirs = best(library, args.number, args.rounds)
        ours = best(own, args.number, args.rounds)
        print(
            f"{what:>10}: {library_name} {theirs:.3f} us, {own_name} {ours:.3f} us "
            f"({theirs / ours:.1f}x)"
        )


if __name__ == "__main__":
    main()
