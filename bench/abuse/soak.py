"""The soak: mixed reads from several clients for minutes, with `briefings seed` writing
to the same database every few seconds and HTTP imports when the server has them.

Reads are drawn from values found in the data at the start (ids, countries, kinds, areas,
words), so filters, items and searches hit real records, and cold pages use values no
earlier request used. Each seed round edits the source title in a copy of the seed files,
so every round is a real write that moves the data revision and empties the response
cache, as an editor's change would.
"""

from __future__ import annotations

import itertools
import math
import os
import random
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.abuse import wire
from bench.abuse.report import Check, Report, ms, percentile
from bench.abuse.servers import Served
from bench.data import briefings_bin

SECTION = "soak"
RSS_EVERY_S = 10.0
RSS_GROWTH_TARGET = 0.10
# An import of a new article every few seconds beside the seed rounds.
IMPORT_EVERY_S = 5.0
IMPORTED_STATEMENTS = 20
FIRST_IMPORTED_SOURCE = 900_000
# The mix of a day's reads, by weight.
MIX = {"hot": 30, "cold": 15, "filter": 15, "search": 10, "item": 15, "304": 10, "csv": 5}
HOT = (
    "/v1/statements?limit=50",
    "/v1/statements?limit=20&country=KZ",
    "/v1/places",
    "/v1/actors?limit=20",
    "/v1/cooperation-areas",
)
SEED_TITLE = re.compile(r'^(    en: "Murat Nurtleu\'s official visit[^"]*)"$', re.MULTILINE)

Sample = tuple[float, str, int | None, float]  # seconds since start, kind, status, latency


@dataclass(frozen=True)
class Values:
    """What the data holds, to build requests that find something."""

    ids: list[str]
    countries: list[str]
    kinds: list[str]
    areas: list[str]
    words: list[str]

    @classmethod
    def discover(cls, port: int) -> Values:
        answer = wire.get(port, "/v1/statements?limit=500")
        document = answer.json()
        if answer.status != 200 or not isinstance(document, dict):
            raise RuntimeError(f"cannot read statements to build the soak: {answer.status}")
        records = document["data"]
        words = Counter(
            word.lower()
            for record in records
            for word in re.findall(r"[A-Za-z]{6,}", record.get("translation") or "")
        )
        return cls(
            ids=[record["id"] for record in records],
            countries=sorted({c for record in records for c in record["countries"]}),
            kinds=sorted({record["kind"] for record in records}),
            areas=sorted({area["id"] for record in records for area in record["areas"]}),
            words=[word for word, _ in words.most_common(200)],
        )


class Reader:
    """One client: draws a kind of read, sends it, records (seconds since start, kind,
    status, latency)."""

    def __init__(self, port: int, values: Values, number: int, started: float) -> None:
        self.client = wire.Client(port)
        self.values = values
        self.random = random.Random(number)
        self.number = number
        self.started = started
        self.etags: dict[str, str] = {}
        self.walk: str | None = None  # the next page of the current cold walk
        self.samples: list[Sample] = []

    def target(self, kind: str) -> tuple[str, dict[str, str]]:
        pick = self.random.choice
        values = self.values
        if kind in ("hot", "304"):
            target = pick(HOT)
            etag = self.etags.get(target)
            return target, ({"If-None-Match": etag} if kind == "304" and etag else {})
        if kind == "cold":
            # Pages no one asked before: a walk down `links.next` from a random filter (as
            # a client paging through; the wrk "cold" scenario's keyset pages), or a
            # date_from page of a random day.
            if self.walk and self.random.random() < 0.95:
                return self.walk, {}
            if self.random.random() < 0.5:
                day = f"{self.random.randint(2015, 2025)}-{self.random.randint(1, 12):02d}"
                return (
                    f"/v1/statements?limit=50&date_from={day}-{self.random.randint(1, 28):02d}",
                    {},
                )
            start = pick((f"&country={pick(values.countries)}", f"&kind={pick(values.kinds)}", ""))
            return f"/v1/statements?limit=50{start}", {}
        if kind == "filter":
            return (
                f"/v1/statements?limit=20&country={pick(values.countries)}"
                f"&kind={pick(values.kinds)}&area={pick(values.areas)}",
                {},
            )
        if kind == "search":
            words = "+".join(self.random.sample(values.words, self.random.choice((1, 2))))
            return pick((f"/v1/search?q={words}", f"/v1/statements?q={words}&limit=20")), {}
        if kind == "item":
            return f"/v1/statements/{pick(values.ids)}", {}
        return f"/v1/statements?limit=100&format=csv&country={pick(values.countries)}", {}

    def run(self, until: float) -> None:
        kinds = list(MIX)
        weights = list(MIX.values())
        while time.monotonic() < until:
            kind = self.random.choices(kinds, weights)[0]
            target, headers = self.target(kind)
            answer = self.client.get(target, headers)
            if answer.status == 200 and "etag" in answer.headers:
                self.etags[target] = answer.headers["etag"]
            if kind == "cold":
                self.walk = _next_link(answer)
            at = time.monotonic() - self.started
            self.samples.append((at, kind, answer.status, answer.seconds))
        self.client.close()


def _next_link(answer: wire.Observed) -> str | None:
    if answer.status != 200:
        return None
    document = answer.json()
    links = document.get("links", {}) if isinstance(document, dict) else {}
    following = links.get("next") if isinstance(links, dict) else None
    return following if isinstance(following, str) else None


@dataclass
class Writes:
    """The seed rounds and import attempts made during the soak."""

    seeds: list[tuple[float, int, float, str]] = field(default_factory=list)
    imports: Counter[str] = field(default_factory=Counter)
    imports_available: bool | None = None


def _seed_copy() -> tuple[Path, Callable[[int], None]]:
    """A copy of the seed files, and a function that gives it round ``n``'s title."""
    source = Path(__file__).resolve().parents[2] / "seeds"
    folder = Path(tempfile.mkdtemp(prefix="abuse-seeds-"))
    shutil.copytree(source, folder, dirs_exist_ok=True)
    (yaml_path,) = folder.glob("*.yaml")
    original = yaml_path.read_text()
    if not SEED_TITLE.search(original):
        raise RuntimeError(f"the soak's edit finds no source title in {yaml_path.name}")

    def edit(n: int) -> None:
        yaml_path.write_text(SEED_TITLE.sub(rf'\1 (soak round {n})"', original, count=1))

    return folder, edit


def _write_key(database_url: str) -> str:
    """A write key made as an operator makes one (`briefings keys create`): imports
    without one are refused (401) and would measure nothing."""
    result = subprocess.run(
        [str(briefings_bin()), "keys", "create", "--name", "soak"],
        env={**os.environ, "BRIEFINGS_DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def _article(world: Any, seed: int, number: int) -> bytes:
    """A new generated article as an import document, of the world the database was
    generated from, numbered past every source the generator wrote."""
    from bench.living import as_import
    from briefings.synthetic.articles import write_article

    article = write_article(world, seed, FIRST_IMPORTED_SOURCE + number, IMPORTED_STATEMENTS, None)
    return as_import(article.seed, article.text)


def _import_round(port: int, document: bytes, key: str, writes: Writes) -> None:
    """Posts a document to `POST /v1/imports` (issue 13), when the server has it."""
    if writes.imports_available is False:
        return
    answer = wire.exchange(
        port,
        wire.head(
            "POST",
            "/v1/imports",
            [
                ("Content-Type", "application/json"),
                ("Content-Length", str(len(document))),
                ("Authorization", f"Bearer {key}"),
            ],
        )
        + document,
        method="POST",
    )
    if writes.imports_available is None:
        writes.imports_available = answer.status not in (404, 405)
    if writes.imports_available:
        writes.imports[str(answer.status or answer.error)] += 1


def _writer(
    server: Served, database_url: str, every: float, until: float, started: float, writes: Writes
) -> None:
    folder, edit = _seed_copy()
    env = {"BRIEFINGS_DATABASE_URL": database_url, "BRIEFINGS_SEEDS_DIR": str(folder)}
    try:
        for n in itertools.count():
            if time.monotonic() + 1 >= until:
                return
            edit(n)
            begun = time.monotonic()
            result = subprocess.run(
                [str(briefings_bin()), "seed"],
                env={**os.environ, **env},
                capture_output=True,
                text=True,
                check=False,
            )
            said = (result.stdout or result.stderr).strip().splitlines()
            writes.seeds.append(
                (
                    begun - started,
                    result.returncode,
                    time.monotonic() - begun,
                    said[-1] if said else "",
                )
            )
            next_round = begun + every
            while time.monotonic() < min(next_round, until):
                time.sleep(0.2)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _importer(
    server: Served, database_url: str, world_seed: int, every: float, until: float, writes: Writes
) -> None:
    """A new article through `POST /v1/imports` every ``every`` seconds, with a write key."""
    from briefings.synthetic.world import build_world

    key = _write_key(database_url)
    world = build_world(world_seed)
    for number in itertools.count():
        if time.monotonic() + 1 >= until or writes.imports_available is False:
            return
        begun = time.monotonic()
        _import_round(server.port, _article(world, world_seed, number), key, writes)
        while time.monotonic() < min(begun + every, until):
            time.sleep(0.2)


def soak(
    report: Report,
    server: Served,
    database_url: str,
    minutes: float,
    clients: int,
    seed_every: float,
    world_seed: int,
) -> None:
    values = Values.discover(server.port)
    started = time.monotonic()
    until = started + minutes * 60
    readers = [Reader(server.port, values, number, started) for number in range(clients)]
    writes = Writes()
    threads = [threading.Thread(target=r.run, args=(until,), daemon=True) for r in readers]
    threads.append(
        threading.Thread(
            target=_writer,
            args=(server, database_url, seed_every, until, started, writes),
            daemon=True,
        )
    )
    threads.append(
        threading.Thread(
            target=_importer,
            args=(server, database_url, world_seed, IMPORT_EVERY_S, until, writes),
            daemon=True,
        )
    )
    for thread in threads:
        thread.start()
    rss: list[tuple[float, float]] = []
    while time.monotonic() < until:
        rss.append((time.monotonic() - started, server.rss_mb()))
        time.sleep(max(0.0, min(RSS_EVERY_S, until - time.monotonic())))
    rss.append((time.monotonic() - started, server.rss_mb()))
    for thread in threads:
        thread.join(timeout=120)
    samples = sorted(sample for reader in readers for sample in reader.samples)
    _report(report, samples, rss, writes, minutes, clients, seed_every, values)
    report.data["soak"] = {
        "rss": rss,
        "seeds": writes.seeds,
        "imports": dict(writes.imports),
        "requests": len(samples),
        "reopened_connections": sum(reader.client.reopened for reader in readers),
    }


@dataclass(frozen=True)
class Minute:
    minute: int  # from 1
    requests: int
    rate: float  # requests a second
    p50: float
    p99: float
    slowest: float
    errors: int  # 5xx and transport errors


def per_minute(samples: list[Sample], minutes: float) -> list[Minute]:
    """One row per minute of the soak; a request still running at the end counts in the
    last minute, whose rate is over the part of a minute the soak lasted."""
    last = max(0, math.ceil(minutes) - 1)
    windows: dict[int, list[Sample]] = defaultdict(list)
    for sample in samples:
        windows[min(int(sample[0] // 60), last)].append(sample)
    rows = []
    for minute, window in sorted(windows.items()):
        latencies = [seconds for _, _, _, seconds in window]
        span = min(60.0, minutes * 60 - minute * 60)
        rows.append(
            Minute(
                minute + 1,
                len(window),
                len(window) / span,
                percentile(latencies, 0.5),
                percentile(latencies, 0.99),
                max(latencies),
                sum(1 for _, _, status, _ in window if status is None or status >= 500),
            )
        )
    return rows


def _report(
    report: Report,
    samples: list[Sample],
    rss: list[tuple[float, float]],
    writes: Writes,
    minutes: float,
    clients: int,
    seed_every: float,
    values: Values,
) -> None:

    def say(line: str) -> None:
        report.say(SECTION, line)

    say(
        f"{minutes:g} min, {clients} client threads, mix {MIX}, `briefings seed` every"
        f" {seed_every:g} s; {len(values.ids)} ids, {len(values.words)} words from the data"
    )
    statuses = Counter(str(status or "transport error") for _, _, status, _ in samples)
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for _, kind, status, _ in samples:
        by_kind[kind][str(status or "error")] += 1
    say(f"requests: {len(samples):,}; by status: {dict(sorted(statuses.items()))}")
    for kind in MIX:
        say(f"  {kind:<7} {dict(sorted(by_kind[kind].items()))}")
    say("minute  requests  req/s     p50       p99      max   5xx")
    for row in per_minute(samples, minutes):
        say(
            f"{row.minute:>6} {row.requests:>9,} {row.rate:>6.0f} {ms(row.p50):>9}"
            f" {ms(row.p99):>9} {ms(row.slowest):>9} {row.errors:>5}"
        )
    failures = sum(1 for _, _, status, _ in samples if status is None or status >= 500)
    report.check(
        Check(
            SECTION,
            "errors during the soak",
            failures == 0 and bool(samples),
            f"{failures} 5xx/transport",
            None,
            "0 5xx, 0 transport errors",
            f"{len(samples):,} requests",
        )
    )
    warm_up = max(30.0, minutes * 60 / 5)
    say(f"resident memory every {RSS_EVERY_S:g} s (MiB), warm-up the first {warm_up:g} s:")
    for at, mb in rss:
        shown = f"{mb:>8.1f}" if mb > 0 else "    gone"
        say(f"  {at:>6.0f} s {shown}" + ("  (warm-up)" if at < warm_up else ""))
    # A server that is gone has no memory to grow: its samples are left out (the run
    # fails on the errors and on the server check).
    after = [mb for at, mb in rss if at >= warm_up and mb > 0]
    if len(after) >= 2:
        growth = (max(after) - after[0]) / after[0]
        report.check(
            Check(
                SECTION,
                "RSS growth after warm-up",
                growth < RSS_GROWTH_TARGET,
                "-",
                None,
                f"< {RSS_GROWTH_TARGET:.0%}",
                f"{after[0]:.1f} -> max {max(after):.1f}, last {after[-1]:.1f} MiB ({growth:+.1%})",
            )
        )
    bad_seeds = [s for s in writes.seeds if s[1] != 0]
    seed_times = [s[2] for s in writes.seeds]
    report.check(
        Check(
            SECTION,
            "seed rounds during the soak",
            bool(writes.seeds) and not bad_seeds,
            f"{len(writes.seeds)} rounds",
            max(seed_times, default=None),
            "every `briefings seed` exits 0",
            (f"failed: {bad_seeds[0][3]}" if bad_seeds else writes.seeds[-1][3])
            if writes.seeds
            else "no round ran",
        )
    )
    if writes.imports_available:
        say(f"imports (POST /v1/imports): {dict(writes.imports)}")
        # Applied (201), or the same article already there (409): anything else, a 401
        # for a key not sent included, means the imports measured nothing.
        refused = sum(n for status, n in writes.imports.items() if status not in ("201", "409"))
        report.check(
            Check(
                SECTION,
                "imports during the soak",
                bool(writes.imports) and refused == 0,
                "-",
                None,
                "every import 201 or 409",
                str(dict(writes.imports)),
            )
        )
    else:
        say("imports: not available (POST /v1/imports answers 404/405)")
