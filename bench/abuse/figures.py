"""The "done when" figures of issue 10, each measured against a served process.

Every latency figure is printed beside its peer measured in the same run (the same
client with nothing hostile going on), because the machine is shared and its idle
latency moves with the load. Each target of the issue is also a check.
"""

from __future__ import annotations

import itertools
import select
import socket
import threading
import time
from collections import Counter
from collections.abc import Sequence

from prometheus_client.parser import text_string_to_metric_families

from bench.abuse import urls, wire
from bench.abuse.report import Check, Report, ms, percentile
from bench.abuse.servers import Served

SECTION = "done when"
HEALTHZ_P99_TARGET_S = 0.010
ACCEPT_GROWTH_TARGET_MB = 20.0
RSS_OVER_CACHE_TARGET_MB = 150.0
REFUSAL_TARGET_S = 1.0
# "Other clients see no pause": before, one 100 MB header held every client for 43 s.
# The slowest request of another client during the flood must stay under this.
PAUSE_TARGET_S = 0.25
SLOWLORIS_P99_TARGET_S = 0.050
PAGE = "/v1/statements?limit=20"


def _latencies(
    port: int, target: str, seconds: float, stop: threading.Event | None = None
) -> list[float]:
    """A normal client's request latencies, one after another on one connection."""
    client = wire.Client(port)
    found: list[float] = []
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end and not (stop and stop.is_set()):
            answer = client.get(target)
            if answer.status != 200:
                raise RuntimeError(f"{target} answered {answer.status} {answer.error}")
            found.append(answer.seconds)
    finally:
        client.close()
    return found


def _summary(values: Sequence[float]) -> str:
    return (
        f"n={len(values)} p50 {ms(percentile(values, 0.5))} p99 {ms(percentile(values, 0.99))}"
        f" max {ms(max(values, default=float('nan')))}"
    )


def _target(
    report: Report, name: str, ok: bool, seconds: float | None, expected: str, detail: str
) -> Check:
    return report.check(Check(SECTION, name, ok, "-", seconds, expected, detail))


def worst_urls(
    report: Report, corpus_checks: Sequence[Check], deadline_s: float, grace_s: float
) -> None:
    """From the corpus's first requests: a timeout answered at the deadline arrives a
    round trip later, hence the grace."""
    costly = [check for check in corpus_checks if check.name.startswith("costly URL")]
    slowest = max(costly, key=lambda check: check.seconds or 0.0, default=None)
    if slowest is None:
        return
    bound = deadline_s + grace_s
    late = [c.name.removeprefix("costly URL: ") for c in costly if (c.seconds or 0) > bound]
    _target(
        report,
        "worst URLs answer within the deadline",
        not late,
        slowest.seconds,
        f"every costly URL within the {deadline_s:g} s deadline + {grace_s:g} s",
        f"slowest {slowest.name.removeprefix('costly URL: ')}"
        + (f"; over the deadline: {', '.join(late)}" if late else ""),
    )


def healthz_beside_costly(
    report: Report, port: int, seconds: float, compared: str | None = None
) -> None:
    """`/healthz` every 10 ms on new connections, idle and while four costly URLs run at
    once, each repeated with fresh values so no cache answers them. ``compared`` names
    a setting the server runs with that is not shipped: figures only, no check."""
    stop = threading.Event()
    served = Counter[str]()

    def costly(worker: int) -> None:
        name = urls.CONCURRENT[worker]
        for round_ in itertools.count():
            if stop.is_set():
                return
            target = urls.urls(salt="x" * (worker * 50 + round_ % 50 + 1))[name]
            served[str(wire.get(port, target).status)] += 1

    def probe() -> list[float]:
        found = []
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            found.append(wire.get(port, "/healthz").seconds)
            time.sleep(0.01)
        return found

    idle = probe()
    threads = [threading.Thread(target=costly, args=(n,), daemon=True) for n in range(4)]
    for thread in threads:
        thread.start()
    loaded = probe()
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    label = f" ({compared}, for comparison)" if compared else ""
    report.say(SECTION, f"/healthz, idle{label}:                 {_summary(idle)}")
    report.say(SECTION, f"/healthz, 4 costly URLs at once{label}: {_summary(loaded)}")
    answers = ", ".join(f"{status} x{n}" for status, n in served.most_common())
    report.say(SECTION, f"  the costly requests meanwhile: {answers}")
    report.data[f"healthz{label}"] = {"idle": idle, "costly": loaded, "answers": dict(served)}
    if compared:
        return
    p99 = percentile(loaded, 0.99)
    _target(
        report,
        "/healthz p99 beside 4 costly URLs",
        p99 < HEALTHZ_P99_TARGET_S,
        p99,
        f"p99 < {ms(HEALTHZ_P99_TARGET_S)}",
        f"{p99 / percentile(idle, 0.99):.1f}x the idle p99 ({ms(percentile(idle, 0.99))})",
    )


def accept_memory(report: Report, server: Served, requests: int) -> None:
    """Resident memory over ``requests`` distinct 100 kB ``Accept`` headers; the server
    must run with a head limit above 100 kB for them to reach the cache at all."""
    client = wire.Client(server.port)

    def send(prefix: str, n: int) -> None:
        accept = f"application/json, {prefix}-{n}/" + "y" * 102_400
        answer = client.get("/v1/places", {"Accept": accept})
        if answer.status != 200:
            raise RuntimeError(f"a 100 kB Accept answered {answer.status} {answer.error}")

    for n in range(50):  # warm: the first answers fill the cache's one entry
        send("w", n)
    before = server.rss_mb()
    for n in range(requests):
        send("x", n)
    after = server.rss_mb()
    client.close()
    growth = after - before
    _target(
        report,
        f"RSS growth, {requests:,} distinct 100 kB Accept",
        growth < ACCEPT_GROWTH_TARGET_MB,
        None,
        f"< {ACCEPT_GROWTH_TARGET_MB:g} MB",
        f"{before:.1f} -> {after:.1f} MiB ({growth:+.1f}); head limit raised to "
        f"{server.settings.get('max_header_bytes', '?')} bytes",
    )


def peak_memory(report: Report, servers: Sequence[Served], cache_bytes: int) -> None:
    bound = cache_bytes / 2**20 + RSS_OVER_CACHE_TARGET_MB
    for server in servers:
        _target(
            report,
            f"max RSS, server '{server.name}'",
            server.peak_mb < bound,
            None,
            f"< cache {cache_bytes / 2**20:g} MiB + {RSS_OVER_CACHE_TARGET_MB:g} = {bound:g} MiB",
            f"peak {server.peak_mb:.1f} MiB over {len(server.samples)} samples",
        )


def huge_header_pause(report: Report, port: int) -> None:
    """A client sends a 100 MB header whatever the server answers (until it is cut)
    while another client goes on requesting a page."""
    refused_at: list[float] = []
    sent = [0]

    def flood() -> None:
        with socket.create_connection((wire.HOST, port), timeout=30) as sock:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ")
            started = time.perf_counter()
            filler = b"a" * 2**20
            try:
                while sent[0] < 100 * 2**20:
                    if not refused_at and select.select([sock], [], [], 0)[0]:
                        refused_at.append(time.perf_counter() - started)
                    sock.sendall(filler)
                    sent[0] += len(filler)
            except OSError:
                pass
            if not refused_at and select.select([sock], [], [], 5)[0]:
                refused_at.append(time.perf_counter() - started)

    alone = _latencies(port, PAGE, 3.0)
    stop = threading.Event()
    beside: list[float] = []
    other = threading.Thread(target=lambda: beside.extend(_latencies(port, PAGE, 60, stop)))
    other.start()
    time.sleep(0.2)
    flooder = threading.Thread(target=flood)
    flooder.start()
    flooder.join(timeout=120)
    stop.set()
    other.join(timeout=60)
    refused = refused_at[0] if refused_at else None
    _target(
        report,
        "100 MB header refused",
        refused is not None and refused < REFUSAL_TARGET_S,
        refused,
        f"< {REFUSAL_TARGET_S:g} s",
        f"refused at the head limit; the client went on to send {sent[0] / 2**20:.0f} MiB, "
        "dropped by the server until it closed",
    )
    slowest = max(beside, default=float("nan"))
    report.say(SECTION, f"{PAGE} alone:                   {_summary(alone)}")
    report.say(SECTION, f"{PAGE} beside the 100 MB header: {_summary(beside)}")
    _target(
        report,
        "another client during the 100 MB header",
        slowest < PAUSE_TARGET_S,
        slowest,
        f"no pause: slowest request < {ms(PAUSE_TARGET_S)}",
        f"{slowest / max(alone):.1f}x its slowest alone ({ms(max(alone))})",
    )


def slowloris_p99(report: Report, port: int, count: int, seconds: float) -> None:
    stop = threading.Event()
    opened = [0]

    def trickle() -> None:
        # Each keeps one connection trickling a head, and opens another when it is cut.
        while not stop.is_set():
            try:
                with socket.create_connection((wire.HOST, port), timeout=5) as sock:
                    opened[0] += 1
                    sock.sendall(b"GET / HTTP/1.1\r\n")
                    while not stop.wait(1.0):
                        sock.sendall(b"X-a: b\r\n")
            except OSError:
                continue

    alone = _latencies(port, PAGE, seconds)
    threads = [threading.Thread(target=trickle, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    beside = _latencies(port, PAGE, seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=10)
    report.say(SECTION, f"{PAGE} alone:              {_summary(alone)}")
    report.say(SECTION, f"{PAGE} beside {count} slowloris: {_summary(beside)}")
    p99 = percentile(beside, 0.99)
    _target(
        report,
        f"normal client p99 beside {count} slowloris",
        p99 < SLOWLORIS_P99_TARGET_S,
        p99,
        f"p99 < {ms(SLOWLORIS_P99_TARGET_S)}",
        f"{p99 / percentile(alone, 0.99):.1f}x its p99 alone ({ms(percentile(alone, 0.99))});"
        f" {opened[0]} slow connections opened",
    )


def rate_limit_burst(report: Report, port: int, limit: int) -> None:
    """One client sends ``limit`` + 50 requests as fast as it can, on one connection."""
    client = wire.Client(port)
    answers = [client.get("/v1/places?limit=1") for _ in range(limit + 50)]
    client.close()
    statuses = Counter(answer.status for answer in answers)
    refused = [answer for answer in answers if answer.status == 429]
    served = [answer for answer in answers if answer.status == 200]
    wrong = []
    if not refused:
        wrong.append("no 429")
    for name in ("ratelimit", "ratelimit-policy"):
        if not all(name in answer.headers for answer in answers):
            wrong.append(f"{name} missing on some answers")
    if refused:
        first = refused[0]
        if "retry-after" not in first.headers:
            wrong.append("429 without Retry-After")
        if first.problem != "rate-limited":
            wrong.append(f"429 problem {first.problem!r}")
    shown = ", ".join(f"{status} x{n}" for status, n in sorted(statuses.items(), key=str))
    example = refused[0].headers if refused else (served[0].headers if served else {})
    _target(
        report,
        f"burst of {limit + 50} on a {limit}-request limit",
        not wrong,
        None,
        "429 rate-limited with Retry-After; RateLimit, RateLimit-Policy on every answer",
        "; ".join(wrong) or shown,
    )
    for name in ("retry-after", "ratelimit", "ratelimit-policy"):
        report.say(SECTION, f"  the first 429's {name}: {example.get(name)}")


def metrics_parse(report: Report, port: int) -> None:
    answer = wire.get(port, "/metrics")
    try:
        families = list(text_string_to_metric_families(answer.body.decode()))
        problem = ""
    except (ValueError, UnicodeDecodeError) as error:
        families, problem = [], f"does not parse: {error}"
    names = {family.name for family in families}
    limited = sum(
        sample.value
        for family in families
        if family.name == "briefings_rejected"
        for sample in family.samples
        if sample.labels.get("kind") == "rate-limited" and sample.name.endswith("_total")
    )
    wanted = {"briefings_requests", "briefings_request_duration_seconds", "briefings_rejected"}
    missing = wanted - names
    _target(
        report,
        "/metrics parses (prometheus-client)",
        answer.status == 200 and not problem and not missing and limited > 0,
        answer.seconds,
        "200, parsed, requests/latency/rejected families, the 429s counted",
        problem
        or (f"missing {sorted(missing)}" if missing else "")
        or f"{len(families)} families, {limited:g} rate-limited requests counted",
    )
