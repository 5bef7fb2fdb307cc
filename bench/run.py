"""The benchmark: our server, Datasette and a bare-ASGI ceiling on the same SQLite file,
driven alternately by wrk. Usage: ``uv run --group bench python -m bench --help``.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import importlib.util
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from types import FrameType
from typing import Any

from bench import core
from bench.data import Database, briefings_bin, prepare, warm_page_cache
from bench.procs import HOST, BenchError, Child, Children, free_port, get, tree_rss_mb
from bench.procs import wait_healthy as _wait_healthy
from bench.scenarios import Scenario, build
from bench.servers import OURS_ENV, ceiling_argv, ours_access_log, record_answers

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
LUA = BENCH / "wrk.lua"
DOCS = ROOT / "docs" / "performance.md"
DOC_BEGIN = "<!-- bench:results:begin -->"
DOC_END = "<!-- bench:results:end -->"
HEALTH_TIMEOUT_S = 120.0
# uvicorn adds these itself, and the request id is new on every answer.
UNCOMPARED_HEADERS = frozenset({"date", "server"})


def say(text: str = "") -> None:
    print(text, flush=True)


# --------------------------------------------------------------------------- arguments


def _wrap(function: Any, *extra: Any) -> Any:
    def parse(text: str) -> Any:
        try:
            return function(text, *extra)
        except core.ArgumentProblemError as problem:
            # argparse names the option itself.
            message = re.sub(r"^--[a-z-]+: ", "", str(problem))
            raise argparse.ArgumentTypeError(message) from None

    return parse


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark our server against Datasette and a bare-ASGI ceiling "
        "on the same SQLite file, with wrk.",
    )
    p.add_argument(
        "--scales",
        type=_wrap(core.parse_scales),
        default=list(core.DEFAULT_SCALES),
        help="comma list of statement counts (default 1000,100000,1000000)",
    )
    p.add_argument(
        "--scenario",
        action="append",
        metavar="NAME",
        help=f"repeatable; one of {', '.join(core.SCENARIOS)} (default: all)",
    )
    p.add_argument(
        "--duration",
        type=_wrap(core.parse_count, "--duration"),
        default=10,
        help="seconds per wrk run (whole seconds, default 10)",
    )
    p.add_argument(
        "--rounds",
        type=_wrap(core.parse_count, "--rounds"),
        default=3,
        help="rounds per server and scenario; the median is reported (default 3)",
    )
    p.add_argument(
        "--connections",
        type=_wrap(core.parse_count, "--connections"),
        default=32,
        help="wrk connections (default 32; one wrk thread)",
    )
    p.add_argument(
        "--cold-pool",
        type=_wrap(core.parse_count, "--cold-pool"),
        default=4000,
        help="distinct pages in the cold scenario (default 4000, several times what our "
        "64 MB response cache holds, so a cycle through them never hits it)",
    )
    p.add_argument(
        "--ours-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra environment for our server, e.g. BRIEFINGS_RESPONSE_CACHE_BYTES=0",
    )
    p.add_argument("--seed", type=int, default=1, help="data generator seed (default 1)")
    p.add_argument(
        "--data-dir",
        type=Path,
        default=BENCH / "data",
        help="where the per-scale SQLite files are cached (default bench/data)",
    )
    p.add_argument(
        "--results-dir",
        type=Path,
        default=BENCH / "results",
        help="where results.json, results.md and latency.png go",
    )
    p.add_argument(
        "--uncached",
        action="store_true",
        help="also run our server with its response cache off "
        "(BRIEFINGS_RESPONSE_CACHE_BYTES=0) on every scenario, as ours-nocache",
    )
    p.add_argument(
        "--workers-scaling",
        action="store_true",
        help="also measure hot and cold with `briefings serve --workers 2` vs 1",
    )
    p.add_argument(
        "--cold-start",
        action="store_true",
        help="also time empty file -> migrate, seed, first 200 (median of 3)",
    )
    p.add_argument(
        "--update-docs",
        action="store_true",
        help=f"write the results section of {DOCS.relative_to(ROOT)} from "
        "results.json (after the run, or alone with --report-only)",
    )
    p.add_argument(
        "--report-only",
        action="store_true",
        help="measure nothing: rebuild results.md and latency.png from results.json",
    )
    return p


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = parser()
    args = p.parse_args(argv)
    try:
        args.scenarios = core.parse_scenarios(args.scenario)
        args.ours_env = core.parse_env(args.ours_env)
    except core.ArgumentProblemError as problem:
        p.error(str(problem))
    return args


# --------------------------------------------------------------------------- preflight


def tool(name: str, hint: str) -> str:
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise BenchError(f"{name} not found: {hint}")
    return found


def preflight() -> dict[str, str]:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise BenchError(
            "wrk not found on PATH: install it with `apt-get install wrk` (Debian's package)"
        )
    tools = {
        "wrk": wrk,
        "datasette": tool(
            "datasette", "run the benchmark as `uv run --group bench python -m bench`"
        ),
        "briefings": str(briefings_bin()),
    }
    for module in ("matplotlib", "uvicorn"):
        if importlib.util.find_spec(module) is None:
            raise BenchError(
                f"python package {module} is missing: run the benchmark as "
                "`uv run --group bench python -m bench`"
            )
    version = subprocess.run([wrk, "--version"], capture_output=True, text=True, check=False)
    tools["wrk_version"] = (version.stdout or version.stderr).splitlines()[0].strip()
    return tools


# --------------------------------------------------------------------------- servers


def wait_healthy(child: Child, path: str) -> float:
    return _wait_healthy(child, path, HEALTH_TIMEOUT_S)


# Our server runs with the shipped defaults (metrics on, rate limit on) but for the rate
# limit's figure: wrk is one client sending thousands of requests a second, which the
# shipped 6000 a minute would refuse. The limit given counts every request, as the shipped
# one does, and never refuses.
NO_CACHE = {"BRIEFINGS_RESPONSE_CACHE_BYTES": "0"}


def start_ours(
    children: Children, db_url: str, workers: int, name: str, extra: dict[str, str] | None = None
) -> Child:
    port = free_port()
    argv = [str(briefings_bin()), "serve", "--host", HOST, "--port", str(port),
            "--workers", str(workers)]  # fmt: skip
    env = {**OURS_ENV, **(extra or {}), "BRIEFINGS_DATABASE_URL": db_url}
    child = children.start(name, argv, env=env, port=port)
    wait_healthy(child, "/healthz")
    if workers > 1:
        # /healthz answers as soon as one worker listens; let the others come up.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _tree_size(child.pid) < workers + 1:
            time.sleep(0.2)
        time.sleep(1.0)
    return child


def _tree_size(pid: int) -> int:
    count = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == pid:
                    count += 1
            except OSError:
                continue
    return count


def datasette_argv(datasette: str, db: Path, port: int) -> list[str]:
    return [
        datasette,
        "serve",
        str(db),
        "--host",
        HOST,
        "--port",
        str(port),
        "--setting",
        "default_page_size",
        "50",
        "--setting",
        "sql_time_limit_ms",
        "10000",
        "--setting",
        "num_sql_threads",
        "3",
        "--setting",
        "facet_time_limit_ms",
        "10000",
        "--setting",
        "suggest_facets",
        "off",
    ]


def check_ceiling(port: int, answers: dict[str, Any]) -> None:
    for url, expected in answers.items():
        got = get(port, url)
        body = base64.b64decode(expected["body_b64"])
        want = sorted(
            (k.lower(), v) for k, v in expected["headers"] if k.lower() not in UNCOMPARED_HEADERS
        )
        have = sorted((k.lower(), v) for k, v in got.headers if k.lower() not in UNCOMPARED_HEADERS)
        if got.status != 200 or got.body != body or have != want:
            raise BenchError(f"the ceiling's answer to {url} is not byte-identical to ours")


def check_all_ok(port: int, urls: Sequence[str], who: str, sample: int = 40) -> None:
    unique = list(dict.fromkeys(urls))
    step = max(1, len(unique) // sample)
    for url in unique[::step]:
        answer = get(port, url)
        if answer.status != 200:
            raise BenchError(f"{who} answered {answer.status} to {url}: {answer.body[:300]!r}")


# --------------------------------------------------------------------------- wrk


class Driver:
    def __init__(self, wrk: str, duration: int, connections: int, work: Path) -> None:
        self.wrk = wrk
        self.duration = duration
        self.connections = connections
        self.work = work
        self.lists: dict[tuple[str, ...], Path] = {}

    @property
    def args(self) -> str:
        return f"-t1 -c{self.connections} -d{self.duration}s --timeout 30s --latency"

    def paths_file(self, urls: Sequence[str]) -> Path:
        key = tuple(urls)
        if key not in self.lists:
            path = self.work / f"paths-{len(self.lists)}.txt"
            path.write_text("\n".join(urls) + "\n")
            self.lists[key] = path
        return self.lists[key]

    def run(self, port: int, urls: Sequence[str], duration: int | None = None) -> core.Run | str:
        seconds = duration or self.duration
        argv = [
            self.wrk,
            "-t1",
            f"-c{self.connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "--latency",
            "-s",
            str(LUA),
            f"http://{HOST}:{port}",
            "--",
            str(self.paths_file(urls)),
        ]
        try:
            done = subprocess.run(
                argv, capture_output=True, text=True, timeout=seconds + 120, check=False
            )
        except subprocess.TimeoutExpired:
            return "wrk did not finish in time"
        if done.returncode != 0:
            return f"wrk exited {done.returncode}: {(done.stderr or done.stdout).strip()[-300:]}"
        try:
            return core.parse_wrk_output(done.stdout)
        except core.WrkOutputError as error:
            return f"{error}; stderr: {done.stderr.strip()[-300:]}"


def settle(children: Children) -> None:
    """Each timed run starts with every server idle (see ``Children.settle``)."""
    waited = children.settle()
    if waited > 1.0:
        say(f"  (waited {waited:.1f} s for the servers to finish the previous run's requests)")


def show_run(
    scale: int, scenario: str, server: str, rnd: int, run: core.Run | str, distinct: int = 0
) -> None:
    head = f"  [{scale:>9,}] {scenario:<8} {server:<10} round {rnd}"
    if isinstance(run, str) or run.failed:
        problem = run if isinstance(run, str) else run.problem()
        say(f"{head}  FAILED: {problem}")
    else:
        cycles = f"  ({distinct} URLs, each ~{run.requests / distinct:,.0f}x)" if distinct else ""
        say(
            f"{head}  {run.rps:>9,.0f} req/s  p50 {run.p50_ms:7.2f} ms  "
            f"p99 {run.p99_ms:7.2f} ms{cycles}"
        )


def show_figure(scenario: str, figures: dict[str, core.Figure]) -> None:
    parts = []
    for server, figure in figures.items():
        if figure.ok:
            parts.append(
                f"{server} {core.fmt_rps(figure.rps)} req/s p50 {figure.p50_ms:.2f} "
                f"p99 {figure.p99_ms:.2f} ms"
            )
        else:
            parts.append(f"{server} FAILED ({figure.failure})")
    ours = figures.get("ours")
    for other in ("ceiling", "datasette"):
        fig = figures.get(other)
        if ours and fig and ours.ok and fig.ok:
            parts.append(f"ours/{other} {core.fmt_ratio(core.ratio(ours.rps, fig.rps))}")
    say(f"  = {scenario:<8} median: " + "; ".join(parts))


# --------------------------------------------------------------------------- one scale


def measure_scale(
    args: argparse.Namespace,
    tools: dict[str, str],
    db: Database,
    children: Children,
    driver: Driver,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "statements": db.statements,
        "database": str(db.path),
        "builder": db.builder,
        "built_s": db.built_s,
        "scenarios": {},
    }
    say(f"\n== {db.scale:,} statements ({db.statements:,} in {db.path.name}) ==")
    ours = start_ours(children, db.url, 1, f"ours-{db.scale}")
    ds_port = free_port()
    datasette = children.start(
        f"datasette-{db.scale}", datasette_argv(tools["datasette"], db.path, ds_port), port=ds_port
    )
    wait_healthy(datasette, "/-/versions.json")
    assert ours.port is not None
    say("  building the request lists (walking both servers' next links) ...")
    scenarios = build(db.path, ours.port, ds_port, db.path.stem, args.cold_pool, args.seed)
    chosen = {name: scenarios[name] for name in args.scenarios}
    answers = record_answers(ours.port, [u for s in chosen.values() for u in s.ours])
    for scenario in chosen.values():
        if scenario.datasette:
            check_all_ok(ds_port, scenario.datasette, "Datasette")
    answers_file = driver.work / f"ceiling-{db.scale}.json"
    answers_file.write_text(json.dumps(answers))
    c_port = free_port()
    ceiling = children.start(
        f"ceiling-{db.scale}",
        ceiling_argv(c_port),
        env={"BENCH_CEILING_FILE": str(answers_file)},
        cwd=ROOT,
        port=c_port,
    )
    wait_healthy(ceiling, next(iter(answers)))
    check_ceiling(c_port, answers)
    say(f"  {len(answers)} distinct answers recorded; the ceiling replays them byte for byte")

    ports = {"ours": ours.port, "datasette": ds_port, "ceiling": c_port}
    uncached: Child | None = None
    if args.uncached:
        uncached = start_ours(children, db.url, 1, f"ours-nocache-{db.scale}", NO_CACHE)
        assert uncached.port is not None
        ports["ours-nocache"] = uncached.port
    for server, port in ports.items():  # warm-up, not recorded
        urls = chosen[args.scenarios[0]].ours if server != "datasette" else None
        warm = urls or next((s.datasette for s in chosen.values() if s.datasette), None)
        if warm:
            driver.run(port, warm, duration=1)

    # Cold last: its pool churns our response cache, which would empty it for the next.
    for scenario in sorted(chosen.values(), key=lambda s: s.name == "cold"):
        if scenario.name != "cold":
            # The steady state of repeated traffic: our cache holds this scenario's answers.
            for url in dict.fromkeys(scenario.ours):
                get(ours.port, url)
        servers = ["ours", "ceiling"] + (["datasette"] if scenario.datasette else [])
        servers += ["ours-nocache"] if uncached else []
        runs: dict[str, list[core.Run | str]] = {s: [] for s in servers}
        for rnd in range(1, args.rounds + 1):
            shift = (rnd - 1) % len(servers)
            for server in servers[shift:] + servers[:shift]:
                urls = scenario.datasette if server == "datasette" else scenario.ours
                assert urls is not None
                settle(children)
                run = driver.run(ports[server], urls)
                runs[server].append(run)
                show_run(db.scale, scenario.name, server, rnd, run, len(urls))
        figures = {s: core.median_figure(r) for s, r in runs.items()}
        show_figure(scenario.name, figures)
        out["scenarios"][scenario.name] = {
            **{s: asdict(f) for s, f in figures.items()},
            "requests_in_list": len(scenario.ours),
            "example": {
                "ours": scenario.ours[0],
                "datasette": scenario.datasette[0] if scenario.datasette else None,
            },
            "note": scenario.note,
        }
    out["rss_mb"] = tree_rss_mb(ours.pid)
    say(f"  our server's resident memory: {out['rss_mb']:.0f} MB")
    if args.workers_scaling:
        out["workers_scaling"] = workers_scaling(args, db, children, driver, ours, chosen)
    if uncached:
        out["rss_mb_nocache"] = tree_rss_mb(uncached.pid)
        children.stop(uncached)
    for child in (ceiling, datasette, ours):
        children.stop(child)
    return out


def workers_scaling(
    args: argparse.Namespace,
    db: Database,
    children: Children,
    driver: Driver,
    one: Child,
    chosen: dict[str, Scenario],
) -> dict[str, Any]:
    say("  workers scaling: `briefings serve --workers 2` against --workers 1")
    two = start_ours(children, db.url, 2, f"ours-w2-{db.scale}")
    out: dict[str, Any] = {}
    try:
        for name in ("hot", "cold"):
            scenario = chosen.get(name)
            if scenario is None:
                continue
            runs: dict[str, list[core.Run | str]] = {"w1": [], "w2": []}
            for rnd in range(1, args.rounds + 1):
                order = ["w1", "w2"] if rnd % 2 else ["w2", "w1"]
                for label in order:
                    child = one if label == "w1" else two
                    assert child.port is not None
                    settle(children)
                    run = driver.run(child.port, scenario.ours)
                    runs[label].append(run)
                    show_run(db.scale, name, f"ours {label}", rnd, run)
            f1, f2 = core.median_figure(runs["w1"]), core.median_figure(runs["w2"])
            entry: dict[str, Any] = {"w1": asdict(f1), "w2": asdict(f2)}
            if f1.ok and f2.ok:
                entry.update(w1_rps=f1.rps, w2_rps=f2.rps, speedup=core.ratio(f2.rps, f1.rps))
                say(
                    f"  = {name:<8} workers 1 → 2: {core.fmt_rps(f1.rps)} → "
                    f"{core.fmt_rps(f2.rps)} req/s ({core.fmt_ratio(entry['speedup'])})"
                )
            else:
                entry["failure"] = f1.failure or f2.failure
            out[name] = entry
        out["rss_mb_w2"] = tree_rss_mb(two.pid)
    finally:
        children.stop(two)
    return out


def cold_start(children: Children) -> dict[str, Any]:
    say("\n== cold start: empty SQLite file → migrate, seed, first 200 on /v1/visits ==")
    runs: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as folder:
        for attempt in range(1, 4):
            path = Path(folder) / f"cold-{attempt}.db"
            port = free_port()
            argv = [str(briefings_bin()), "serve", "--host", HOST, "--port", str(port)]
            started = time.monotonic()
            child = children.start(
                f"cold-start-{attempt}",
                argv,
                env={"BRIEFINGS_DATABASE_URL": f"sqlite:///{path}"},
                port=port,
            )
            try:
                _wait_healthy(child, "/v1/visits", 60.0, poll=0.01)
                runs.append(time.monotonic() - started)
            finally:
                children.stop(child)
            say(f"  run {attempt}: {runs[-1]:.2f} s")
    return {"runs_s": runs, "median_s": statistics.median(runs)}


# --------------------------------------------------------------------------- output


def write_outputs(results: dict[str, Any], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (folder / "results.md").write_text(
        "# Benchmark results\n\n" + core.results_markdown(results) + "\n"
    )
    plot(results, folder / "latency.png")


def plot(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scales = sorted(int(s) for s in results.get("scales", {}))
    fig, ax = plt.subplots(figsize=(8, 5))
    drawn = False
    for scenario in core.SCENARIOS:
        points = []
        for scale in scales:
            entry = results["scales"][str(scale)]["scenarios"].get(scenario, {}).get("ours")
            if entry and entry.get("p50_ms") is not None and entry.get("failure") is None:
                points.append((scale, entry["p50_ms"]))
        if points:
            xs, ys = zip(*points, strict=True)
            ax.plot(xs, ys, marker="o", label=scenario)
            drawn = True
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("statements in the database")
    ax.set_ylabel("p50 latency of our server (ms)")
    ax.set_title("briefings: median latency per scenario against scale")
    ax.grid(True, which="both", alpha=0.3)
    if drawn:
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def update_docs(results: dict[str, Any]) -> None:
    text = DOCS.read_text()
    DOCS.write_text(
        core.replace_between_markers(text, DOC_BEGIN, DOC_END, core.results_markdown(results))
    )
    say(f"updated {DOCS.relative_to(ROOT)}")


# --------------------------------------------------------------------------- main


def _terminate(signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    results_file = args.results_dir / "results.json"
    if args.report_only:
        if not results_file.exists():
            say(f"bench: no {results_file} to report from; run the benchmark first")
            return 1
        saved: dict[str, Any] = json.loads(results_file.read_text())
        write_outputs(saved, args.results_dir)
        if args.update_docs:
            update_docs(saved)
        say(core.results_markdown(saved))
        return 0

    signal.signal(signal.SIGTERM, _terminate)
    OURS_ENV.update(args.ours_env)
    children = Children(args.results_dir / "logs")
    try:
        tools = preflight()
        results: dict[str, Any] = {
            "meta": {
                "started": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
                "scales": args.scales,
                "scenarios": args.scenarios,
                "duration_s": args.duration,
                "rounds": args.rounds,
                "wrk_args": f"-t1 -c{args.connections} -d{args.duration}s --timeout 30s --latency",
                "wrk_version": tools["wrk_version"],
                "cpus": os.cpu_count(),
                "datasette": "mutable mode (no -i), like our server: it counts and reads "
                "the live file; suggest_facets off, facet_time_limit_ms 10000",
                "ceiling": "bare ASGI app on uvicorn with the same defaults as briefings serve"
                + ("" if ours_access_log() else ", --no-access-log (ours logs no access either)"),
                "ours_env": args.ours_env,
                "cold_pool": args.cold_pool,
            },
            "scales": {},
        }
        with tempfile.TemporaryDirectory(prefix="bench-") as work:
            driver = Driver(tools["wrk"], args.duration, args.connections, Path(work))
            builders = set()
            for scale in args.scales:
                db = prepare(args.data_dir, scale, args.seed, say)
                say(f"read {db.path.name} into the page cache in {warm_page_cache(db.path):.1f} s")
                builders.add(db.builder)
                results["meta"]["data_source"] = ", ".join(sorted(builders))
                results["scales"][str(scale)] = measure_scale(args, tools, db, children, driver)
                write_outputs(results, args.results_dir)
            if args.cold_start:
                results["cold_start"] = cold_start(children)
        write_outputs(results, args.results_dir)
    except BenchError as error:
        say(f"\nbench: stopped: {error}")
        return 1
    except KeyboardInterrupt:
        say("\nbench: interrupted; stopping the servers it started")
        return 130
    finally:
        children.stop_all()
    say("\n" + core.results_markdown(results))
    say(f"written: {args.results_dir}/results.json, results.md, latency.png")
    if args.update_docs:
        update_docs(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
