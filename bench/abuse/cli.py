"""``python -m bench.abuse``: options, the servers each part needs, the report.

Parts run against real ``briefings serve`` processes on one database, each server as
shipped except what the part needs: "limited" (a rate limit of 300 a minute, that a burst
passes in a second or two); "default" (the corpus, the latency figures), "wide-head" (the
head limit raised so 100 kB ``Accept`` headers reach the response cache) and "soak"
(started fresh so its memory table starts clean) with the rate limit raised so that this
one client is counted on every request and refused none.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.abuse import corpus, figures, soak
from bench.abuse.report import Check, Report
from bench.abuse.servers import Served, served
from bench.core import COUNTED_RATE_LIMITS
from bench.data import prepare
from bench.procs import BenchError, Children
from briefings.config import Settings

ROOT = Path(__file__).resolve().parents[2]
PARTS = ("corpus", "figures", "soak")
# Low enough that a burst passes it in a second or two.
RATE_LIMIT = 300
LIMITED = {"rate_limits": f"{RATE_LIMIT}/minute"}
# The shipped defaults but for the rate limit, raised so that the one client this suite is
# counts every request and is refused none (the limit itself is the "limited" server's).
COUNTED = {"rate_limits": COUNTED_RATE_LIMITS}
WIDE_HEAD = {**COUNTED, "max_header_bytes": str(256 * 1024)}
ACCEPT_REQUESTS = 2000


@dataclass(frozen=True)
class Options:
    database_url: str | None
    statements: int
    world_seed: int
    data_dir: Path
    out: Path
    parts: tuple[str, ...]
    soak_minutes: float
    soak_clients: int
    seed_every: float
    figure_seconds: float


def _number(kind: type[int] | type[float], least: float, what: str) -> Callable[[str], int | float]:
    def parse(text: str) -> int | float:
        try:
            value = kind(text.replace("_", ""))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None
        if value < least:
            raise argparse.ArgumentTypeError(f"{text!r}: at least {least:g}")
        return value

    return parse


def _parts(text: str) -> tuple[str, ...]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in PARTS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown part {', '.join(map(repr, unknown)) or '(none)'}; the parts are "
            + ", ".join(PARTS)
        )
    return tuple(part for part in PARTS if part in names)


def parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(
        prog="python -m bench.abuse",
        description="Issue 10's reliability suite: replays a hostile corpus, measures the "
        "'done when' figures and runs a soak against real `briefings serve` processes; "
        "writes a text report and a JSON file, exits 1 when any check fails.",
    )
    command.add_argument(
        "--database-url",
        help="SQLAlchemy URL of a generated database to serve (default: build or reuse "
        "a SQLite file of --statements in --data-dir)",
    )
    command.add_argument(
        "--statements",
        type=_number(int, 1, "a whole number"),
        default=100_000,
        help="statements in the built database (default 100000, the issue's size)",
    )
    command.add_argument(
        "--world-seed",
        type=_number(int, 0, "a whole number"),
        default=0,
        help="the generator's seed of the database (`briefings generate --seed`), which the "
        "soak's imported articles are written in (default 0, the seed the built one uses)",
    )
    command.add_argument(
        "--data-dir", type=Path, default=ROOT / "bench" / "data", help="where it is built"
    )
    command.add_argument(
        "--out",
        type=Path,
        default=ROOT / "bench" / "results" / "abuse",
        help="where the report and the JSON file go (default bench/results/abuse)",
    )
    command.add_argument(
        "--parts",
        type=_parts,
        default=PARTS,
        help=f"comma list of parts to run (default all: {','.join(PARTS)})",
    )
    command.add_argument(
        "--soak-minutes",
        type=_number(float, 0, "a number of minutes"),
        default=10.0,
        help="length of the soak (default 10; 1 for a quick look; 0 skips it)",
    )
    command.add_argument(
        "--soak-clients",
        type=_number(int, 1, "a whole number"),
        default=4,
        help="client threads reading during the soak (default 4)",
    )
    command.add_argument(
        "--seed-every",
        type=_number(float, 1, "a number of seconds"),
        default=30.0,
        help="seconds between `briefings seed` rounds during the soak (default 30)",
    )
    command.add_argument(
        "--figure-seconds",
        type=_number(float, 1, "a number of seconds"),
        default=10.0,
        help="how long each latency figure samples (default 10)",
    )
    return command


def parse_args(argv: Sequence[str] | None = None) -> Options:
    """The options; a bad one ends the program with status 2 and says which (argparse)."""
    args = parser().parse_args(argv)
    parts = args.parts if args.soak_minutes > 0 else tuple(p for p in args.parts if p != "soak")
    return Options(
        database_url=args.database_url,
        statements=args.statements,
        world_seed=args.world_seed,
        data_dir=args.data_dir,
        out=args.out,
        parts=parts,
        soak_minutes=args.soak_minutes,
        soak_clients=args.soak_clients,
        seed_every=args.seed_every,
        figure_seconds=args.figure_seconds,
    )


def _say(line: str) -> None:
    print(line, flush=True)


def _database(options: Options, report: Report) -> str:
    if options.database_url:
        report.settings["database"] = options.database_url
        return options.database_url
    database = prepare(options.data_dir, options.statements, options.world_seed, _say)
    report.settings["database"] = (
        f"{database.path.name}: {database.statements:,} statements ({database.builder})"
    )
    return database.url


def _commit() -> str:
    result = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or "unknown"


def _enough_descriptors() -> None:
    # 1,000 silent connections here and as many in the server (which inherits the limit).
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 4096 if hard == resource.RLIM_INFINITY else min(hard, 4096)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def _guarded(report: Report, section: str, what: str, part: Callable[[], object]) -> None:
    """Runs one part; a crash is a failed check with its reason, and the rest goes on."""
    try:
        part()
    except Exception as error:
        traceback.print_exc()
        report.check(
            Check(section, f"{what} ran to its end", False, "-", None, "no crash", repr(error))
        )


def run(options: Options) -> Report:
    report = Report()
    report.settings |= {
        "commit": _commit(),
        "parts": ",".join(options.parts),
        "soak": f"{options.soak_minutes:g} min, {options.soak_clients} clients, "
        f"seed every {options.seed_every:g} s",
        "figure sampling": f"{options.figure_seconds:g} s",
    }
    database_url = _database(options, report)
    _enough_descriptors()
    children = Children(options.out / "logs")
    entries = corpus.corpus(RATE_LIMIT)
    as_shipped: list[Served] = []
    started: list[Served] = []
    try:
        if "corpus" in options.parts or "figures" in options.parts:
            with served(children, "default", database_url, COUNTED) as server:
                as_shipped.append(server)
                started.append(server)
                _say(f"== hostile corpus (server 'default', port {server.port})")
                checks = []
                if "corpus" in options.parts:
                    checks = corpus.run_all({"default": server.port}, entries, _say)
                    report.checks += checks
                if "figures" in options.parts:
                    _say("== done when")
                    figures.worst_urls(report, checks, corpus.DEADLINE_S, corpus.DEADLINE_GRACE_S)
                    port, seconds = server.port, options.figure_seconds
                    _guarded(
                        report,
                        figures.SECTION,
                        "/healthz beside costly URLs",
                        lambda: figures.healthz_beside_costly(report, port, seconds),
                    )
                    _guarded(
                        report,
                        figures.SECTION,
                        "100 MB header",
                        lambda: figures.huge_header_pause(report, port),
                    )
                    _guarded(
                        report,
                        figures.SECTION,
                        "slowloris",
                        lambda: figures.slowloris_p99(report, port, 200, seconds),
                    )
            with served(children, "limited", database_url, LIMITED) as limited:
                started.append(limited)
                if "figures" in options.parts:
                    _guarded(
                        report,
                        figures.SECTION,
                        "rate limit burst",
                        lambda: figures.rate_limit_burst(report, limited.port, RATE_LIMIT),
                    )
                if "corpus" in options.parts:
                    _say(f"== hostile corpus (server 'limited', port {limited.port})")
                    report.checks += corpus.run_all({"limited": limited.port}, entries, _say)
                if "figures" in options.parts:
                    _guarded(
                        report,
                        figures.SECTION,
                        "/metrics",
                        lambda: figures.metrics_parse(report, limited.port),
                    )
        if "figures" in options.parts:
            with served(children, "wide-head", database_url, WIDE_HEAD) as wide:
                started.append(wide)
                _guarded(
                    report,
                    figures.SECTION,
                    "100 kB Accept memory",
                    lambda: figures.accept_memory(report, wide, ACCEPT_REQUESTS),
                )
            figures.peak_memory(report, [*as_shipped, wide], _cache_bytes())
        if "soak" in options.parts:
            _say(f"== soak ({options.soak_minutes:g} min)")
            with served(children, "soak", database_url, COUNTED) as soaked:
                started.append(soaked)
                _guarded(
                    report,
                    soak.SECTION,
                    "the soak",
                    lambda: soak.soak(
                        report,
                        soaked,
                        database_url,
                        options.soak_minutes,
                        options.soak_clients,
                        options.seed_every,
                        options.world_seed,
                    ),
                )
            figures.peak_memory(report, [soaked], _cache_bytes())
    finally:
        children.stop_all()
    for server in started:
        report.check(
            Check(
                "servers",
                f"server '{server.name}' stayed up",
                server.exit_status is None,
                "-" if server.exit_status is None else f"exit {server.exit_status}",
                server.died_at,
                "alive until stopped",
                "" if server.died_at is None else f"gone {server.died_at:.0f} s after start",
            )
        )
    return report


def _cache_bytes() -> int:
    value = Settings.model_fields["response_cache_bytes"].default
    assert isinstance(value, int)
    return value


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(argv)
    started = time.monotonic()
    try:
        report = run(options)
    except BenchError as error:
        print(f"python -m bench.abuse: {error}", file=sys.stderr)
        return 1
    report.settings["duration"] = f"{time.monotonic() - started:.0f} s"
    text = report.text()
    print(text)
    text_path, json_path = report.write(options.out)
    print(f"report: {text_path}\nJSON:   {json_path}")
    return report.exit_status()
