"""The benchmark's pure parts: arguments, wrk output, medians, ratios, targets, tables.

Nothing here starts a process or imports a third-party package, so tests can import it
without wrk, Datasette or matplotlib installed.
"""

from __future__ import annotations

import itertools
import json
import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

SCENARIOS: tuple[str, ...] = (
    "hot",
    "hot-gzip",
    "cold",
    "item",
    "search",
    "facet",
    "deep",
    "filtered",
)
SERVERS: tuple[str, ...] = ("ours", "datasette", "ceiling", "ours-nocache")
DEFAULT_SCALES: tuple[int, ...] = (1000, 100_000, 1_000_000)
MAX_SCALE = 10_000_000
# The rate limit a benchmark's server runs with: every request counted, as the shipped
# limit counts, and none refused (past the shipped 6,000 a minute a run would time 429s).
COUNTED_RATE_LIMITS = "1000000000/minute"

SCENARIO_TEXT: dict[str, str] = {
    "hot": "the same page of 50 statements, repeated",
    "hot-gzip": "the same page with Accept-Encoding: gzip, repeated (the ceiling replays the "
    "same compressed bytes)",
    "cold": "distinct pages: filters on kind, country, area, speaker, and keyset cursors",
    "item": "one statement by id, distinct ids across the keyspace",
    "search": "/v1/search with distinct words (no Datasette equivalent)",
    "facet": "a filtered page with a facet on kind",
    "deep": "a page past the middle of the keyset, reached by a cursor",
    "filtered": "first pages of one-filter queries (kind, country, area, speaker)",
}

# Target thresholds, named once so the table, the JSON and the tests agree.
HOT_CEILING_SHARE = 0.85
HOT_P99_MS = 5.0
COLD_DATASETTE_FACTOR = 5.0
COLD_P99_MS = 50.0
GROWTH_MAX = 2.0
SEARCH_P50_MS_AT_1M = 20.0
RSS_MB_AT_1M = 300.0
COLD_START_S = 3.0
ONE_MILLION = 1_000_000


class ArgumentProblemError(ValueError):
    """A command-line value that makes no sense; the message says why."""


# --------------------------------------------------------------------------- arguments


def parse_scales(text: str) -> list[int]:
    """``"1000,100000,1e6"``-free: positive integers only, comma separated, `_` allowed."""
    if not text.strip():
        raise ArgumentProblemError("--scales is empty; give positive integers such as 1000,100000")
    scales: list[int] = []
    for raw in text.split(","):
        item = raw.strip().replace("_", "")
        if not item:
            raise ArgumentProblemError(f"--scales {text!r} has an empty item")
        try:
            value = int(item)
        except ValueError:
            raise ArgumentProblemError(
                f"--scales: {raw.strip()!r} is not an integer number of statements"
            ) from None
        if value <= 0:
            raise ArgumentProblemError(f"--scales: {value} is not a positive number of statements")
        if value > MAX_SCALE:
            raise ArgumentProblemError(f"--scales: {value} is above the supported {MAX_SCALE}")
        if value not in scales:
            scales.append(value)
    return sorted(scales)


def parse_scenarios(names: Sequence[str] | None) -> list[str]:
    """The scenarios asked for (repeatable, comma lists allowed), in canonical order."""
    if not names:
        return list(SCENARIOS)
    chosen: set[str] = set()
    for name in names:
        for part in name.split(","):
            part = part.strip()
            if part not in SCENARIOS:
                raise ArgumentProblemError(
                    f"unknown scenario {part!r}; scenarios: {', '.join(SCENARIOS)}"
                )
            chosen.add(part)
    return [s for s in SCENARIOS if s in chosen]


def parse_positive(text: str, what: str, *, minimum: float = 0.0) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ArgumentProblemError(f"{what}: {text!r} is not a number") from None
    if not math.isfinite(value) or value <= minimum:
        raise ArgumentProblemError(f"{what}: {text!r} must be a number above {minimum:g}")
    return value


def parse_count(text: str, what: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ArgumentProblemError(f"{what}: {text!r} is not a whole number") from None
    if value < 1:
        raise ArgumentProblemError(f"{what}: {value} must be at least 1")
    return value


def parse_env(items: Sequence[str]) -> dict[str, str]:
    """``KEY=VALUE`` pairs for our server's environment."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key or not key.replace("_", "").isalnum():
            raise ArgumentProblemError(f"--ours-env: {item!r} is not KEY=VALUE")
        out[key] = value
    return out


# --------------------------------------------------------------------------- wrk

WRK_MARK = "BENCH-RESULT "


class WrkOutputError(ValueError):
    """wrk printed no result line this benchmark can trust."""


@dataclass(frozen=True)
class Run:
    """One wrk run against one server, as measured."""

    requests: int
    duration_s: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int]

    @property
    def failed(self) -> bool:
        return self.requests == 0 or any(self.errors.values())

    def problem(self) -> str | None:
        if self.requests == 0:
            return "no request completed"
        bad = {k: v for k, v in self.errors.items() if v}
        if bad:
            return "errors: " + ", ".join(f"{k}={v}" for k, v in sorted(bad.items()))
        return None


def parse_wrk_output(text: str) -> Run:
    """The figures of the result line our Lua ``done()`` prints (latencies in µs)."""
    lines = [line for line in text.splitlines() if line.startswith(WRK_MARK)]
    if len(lines) != 1:
        raise WrkOutputError(
            f"expected one {WRK_MARK.strip()} line from wrk, found {len(lines)}; "
            "did the Lua script load?"
        )
    try:
        data = json.loads(lines[0][len(WRK_MARK) :])
        requests = int(data["requests"])
        duration_us = float(data["duration_us"])
        errors = {
            key: int(data["errors"][key])
            for key in ("connect", "read", "write", "status", "timeout")
        }
        errors["non2xx"] = int(data.get("non2xx", 0))
        latency = {k: float(data[k]) for k in ("p50_us", "p90_us", "p99_us", "max_us")}
    except (ValueError, KeyError, TypeError) as error:
        raise WrkOutputError(f"unreadable wrk result line: {error}") from None
    if duration_us <= 0 or requests < 0:
        raise WrkOutputError("wrk reported a non-positive duration or a negative count")
    return Run(
        requests=requests,
        duration_s=duration_us / 1e6,
        rps=requests / (duration_us / 1e6),
        p50_ms=latency["p50_us"] / 1000,
        p90_ms=latency["p90_us"] / 1000,
        p99_ms=latency["p99_us"] / 1000,
        max_ms=latency["max_us"] / 1000,
        errors=errors,
    )


# --------------------------------------------------------------------------- aggregates


@dataclass
class Figure:
    """The median of a server's rounds on one scenario, or why there is none."""

    rounds: int
    rps: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    failure: str | None = None
    per_round: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failure is None and self.rps is not None


def median_figure(runs: Sequence[Run | str]) -> Figure:
    """Median per measure over rounds; a single failed round fails the figure (a string
    in ``runs`` is a round that could not be measured, with its reason)."""
    per_round: list[dict[str, Any]] = []
    failure: str | None = None
    for index, run in enumerate(runs, start=1):
        if isinstance(run, str):
            per_round.append({"round": index, "failure": run})
            failure = failure or f"round {index}: {run}"
            continue
        per_round.append({"round": index, **asdict(run)})
        problem = run.problem()
        if problem:
            failure = failure or f"round {index}: {problem}"
    if not runs:
        return Figure(rounds=0, failure="not measured")
    if failure:
        return Figure(rounds=len(runs), failure=failure, per_round=per_round)
    good = [run for run in runs if not isinstance(run, str)]
    return Figure(
        rounds=len(runs),
        rps=statistics.median(r.rps for r in good),
        p50_ms=statistics.median(r.p50_ms for r in good),
        p99_ms=statistics.median(r.p99_ms for r in good),
        per_round=per_round,
    )


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator


# --------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class Verdict:
    target: str
    measured: str
    status: str  # PASS, FAIL, or "n/a" with the reason in measured

    def row(self) -> list[str]:
        return [self.target, self.measured, self.status]


def _pass(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _fig(results: Mapping[str, Any], scale: int, scenario: str, server: str) -> Figure | None:
    raw = results.get("scales", {}).get(str(scale), {}).get("scenarios", {}).get(scenario)
    if raw is None or server not in raw:
        return None
    entry = raw[server]
    return entry if isinstance(entry, Figure) else Figure(**entry)


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} ms"


def evaluate_targets(results: Mapping[str, Any]) -> list[Verdict]:
    """PASS/FAIL per target from figures of one run; ``n/a`` when a figure is missing."""
    scales = sorted(int(s) for s in results.get("scales", {}))
    verdicts: list[Verdict] = []
    for scale in scales:
        for hot in ("hot", "hot-gzip"):
            ours = _fig(results, scale, hot, "ours")
            ceiling = _fig(results, scale, hot, "ceiling")
            name = (
                f"{hot} @ {scale:,}: ≥{HOT_CEILING_SHARE:.0%} of ceiling req/s, "
                f"p99 < {HOT_P99_MS:g} ms"
            )
            if ours and ceiling and ours.ok and ceiling.ok:
                share = ratio(ours.rps, ceiling.rps) or 0.0
                ok = share >= HOT_CEILING_SHARE and (ours.p99_ms or 0) < HOT_P99_MS
                verdicts.append(
                    Verdict(name, f"{share:.0%} of ceiling, p99 {_ms(ours.p99_ms)}", _pass(ok))
                )
            elif ours or ceiling:
                verdicts.append(Verdict(name, _failure(ours, ceiling), "FAIL" if ours else "n/a"))
        ours = _fig(results, scale, "cold", "ours")
        other = _fig(results, scale, "cold", "datasette")
        name = (
            f"cold @ {scale:,}: ≥{COLD_DATASETTE_FACTOR:g}x Datasette req/s, "
            f"p99 < {COLD_P99_MS:g} ms"
        )
        if ours and other and ours.ok and other.ok:
            factor = ratio(ours.rps, other.rps) or 0.0
            ok = factor >= COLD_DATASETTE_FACTOR and (ours.p99_ms or 0) < COLD_P99_MS
            verdicts.append(
                Verdict(name, f"{factor:.2f}x Datasette, p99 {_ms(ours.p99_ms)}", _pass(ok))
            )
        elif ours or other:
            verdicts.append(Verdict(name, _failure(ours, other), "FAIL" if ours else "n/a"))
    for scenario, server in itertools.product(("filtered", "deep"), ("ours", "ours-nocache")):
        name = f"{scenario} p50 grows ≤{GROWTH_MAX:g}x from 1k to 1M" + (
            " (response cache off)" if server == "ours-nocache" else ""
        )
        figures = {s: _fig(results, s, scenario, server) for s in scales}
        measured = {s: f for s, f in figures.items() if f is not None}
        if not measured:
            continue
        low, high = min(measured), max(measured)
        if low == high:
            verdicts.append(Verdict(name, f"one scale only ({low:,})", "n/a"))
            continue
        a, b = measured[low], measured[high]
        growth = ratio(b.p50_ms, a.p50_ms) if a.ok and b.ok else None
        text = f"{_ms(a.p50_ms)} @ {low:,} → {_ms(b.p50_ms)} @ {high:,}: " + (
            "failed run" if growth is None else f"{growth:.2f}x"
        )
        if low == 1000 and high == ONE_MILLION:
            verdicts.append(
                Verdict(name, text, "FAIL" if growth is None else _pass(growth <= GROWTH_MAX))
            )
        else:
            verdicts.append(Verdict(name, text + " (not 1k→1M)", "n/a"))
    search = _fig(results, ONE_MILLION, "search", "ours")
    name = f"search p50 < {SEARCH_P50_MS_AT_1M:g} ms @ 1M"
    if search is not None:
        ok = search.ok and (search.p50_ms or 0) < SEARCH_P50_MS_AT_1M
        verdicts.append(
            Verdict(name, _ms(search.p50_ms) if search.ok else str(search.failure), _pass(ok))
        )
    elif scales:
        verdicts.append(Verdict(name, "1M not measured", "n/a"))
    rss = results.get("scales", {}).get(str(ONE_MILLION), {}).get("rss_mb")
    name = f"our server's RSS < {RSS_MB_AT_1M:g} MB @ 1M"
    if rss is not None:
        verdicts.append(Verdict(name, f"{rss:.0f} MB", _pass(rss < RSS_MB_AT_1M)))
    elif scales:
        verdicts.append(Verdict(name, "1M not measured", "n/a"))
    cold_start = results.get("cold_start")
    name = f"cold start (migrate, seed, first answer) < {COLD_START_S:g} s"
    if cold_start:
        seconds = cold_start.get("median_s")
        if seconds is None:
            verdicts.append(Verdict(name, str(cold_start.get("failure")), "FAIL"))
        else:
            verdicts.append(
                Verdict(
                    name,
                    f"{seconds:.2f} s (median of {len(cold_start['runs_s'])})",
                    _pass(seconds < COLD_START_S),
                )
            )
    return verdicts


def _failure(first: Figure | None, second: Figure | None) -> str:
    for figure, who in ((first, "ours"), (second, "reference")):
        if figure is None:
            return f"{who}: not measured"
        if not figure.ok:
            return f"{who}: {figure.failure}"
    return "not measured"


# --------------------------------------------------------------------------- tables


def fmt_rps(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def fmt_ratio(value: float | None, suffix: str = "x") -> str:
    return "—" if value is None else f"{value:.2f}{suffix}"


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    out = [line(header), "|" + "|".join("---" for _ in header) + "|"]
    out += [line(row) for row in rows]
    return "\n".join(out)


def scale_rows(results: Mapping[str, Any], scale: int) -> list[list[str]]:
    rows: list[list[str]] = []
    scenarios = results.get("scales", {}).get(str(scale), {}).get("scenarios", {})
    for scenario in SCENARIOS:
        if scenario not in scenarios:
            continue
        ours = _fig(results, scale, scenario, "ours")
        ceiling = _fig(results, scale, scenario, "ceiling")
        other = _fig(results, scale, scenario, "datasette")
        nocache = _fig(results, scale, scenario, "ours-nocache")

        def cell(f: Figure | None, what: str) -> str:
            if f is None:
                return "—"
            if not f.ok:
                return "failed"
            value: float | None = getattr(f, what)
            return fmt_rps(value) if what == "rps" else _ms(value).removesuffix(" ms")

        def rps(f: Figure | None) -> float | None:
            return f.rps if f is not None and f.ok else None

        rows.append(
            [
                scenario,
                cell(ours, "rps"),
                cell(ours, "p50_ms"),
                cell(ours, "p99_ms"),
                cell(ceiling, "rps"),
                cell(ceiling, "p50_ms"),
                fmt_ratio(ratio(rps(ours), rps(ceiling))),
                cell(other, "rps") if other else "n/a",
                cell(other, "p50_ms") if other else "n/a",
                fmt_ratio(ratio(rps(ours), rps(other))),
                cell(nocache, "rps"),
                cell(nocache, "p50_ms"),
                cell(nocache, "p99_ms"),
            ]
        )
    return rows


TABLE_HEADER = (
    "scenario",
    "ours req/s",
    "ours p50 ms",
    "ours p99 ms",
    "ceiling req/s",
    "ceiling p50 ms",
    "ours/ceiling",
    "Datasette req/s",
    "Datasette p50 ms",
    "ours/Datasette",
    "uncached req/s",
    "uncached p50 ms",
    "uncached p99 ms",
)


def results_markdown(results: Mapping[str, Any]) -> str:
    """The whole report: one table per scale, the extras, then the targets."""
    out: list[str] = []
    meta = results.get("meta", {})
    if meta:
        out.append(
            f"Run of {meta.get('started', '?')}: wrk `{meta.get('wrk_args', '')}`, "
            f"{meta.get('duration_s', '?')} s x {meta.get('rounds', '?')} rounds per server "
            f"and scenario (medians shown), servers alternated per round; "
            f"{meta.get('cpus', '?')} CPUs; data: {meta.get('data_source', '?')}."
        )
        out.append("")
    for key in sorted(results.get("scales", {}), key=int):
        scale = int(key)
        info = results["scales"][key]
        out.append(
            f"### {scale:,} statements"
            + (
                f" (database holds {info['statements']:,})"
                if info.get("statements") not in (None, scale)
                else ""
            )
        )
        out.append("")
        out.append(markdown_table(TABLE_HEADER, scale_rows(results, scale)))
        extras = []
        if info.get("rss_mb") is not None:
            extras.append(f"our server's resident memory after the runs: {info['rss_mb']:.0f} MB")
        scaling = info.get("workers_scaling")
        if scaling:
            if scaling.get("rss_mb_w2") is not None:
                extras.append(f"resident memory with `--workers 2`: {scaling['rss_mb_w2']:.0f} MB")
            for scenario, entry in scaling.items():
                if not isinstance(entry, dict):
                    continue
                extras.append(
                    f"`--workers 2` vs 1 on {scenario}: "
                    + (
                        f"{fmt_rps(entry.get('w1_rps'))} → {fmt_rps(entry.get('w2_rps'))} req/s "
                        f"({fmt_ratio(entry.get('speedup'))})"
                        if entry.get("speedup") is not None
                        else str(entry.get("failure", "failed"))
                    )
                )
        if extras:
            out.append("")
            out += [f"- {e}" for e in extras]
        out.append("")
    cold = results.get("cold_start")
    if cold:
        out.append(
            "Cold start (empty SQLite file → migrate, seed, first 200 on /v1/visits): "
            + (
                f"median {cold['median_s']:.2f} s of "
                + ", ".join(f"{s:.2f}" for s in cold["runs_s"])
                if cold.get("median_s") is not None
                else str(cold.get("failure"))
            )
        )
        out.append("")
    verdicts = evaluate_targets(results)
    if verdicts:
        out.append("### Targets")
        out.append("")
        out.append(markdown_table(("target", "measured", "result"), [v.row() for v in verdicts]))
        out.append("")
    return "\n".join(out)


def replace_between_markers(document: str, begin: str, end: str, content: str) -> str:
    """``document`` with the text between the two marker lines replaced by ``content``."""
    start = document.find(begin)
    stop = document.find(end)
    if start < 0 or stop < 0 or stop < start:
        raise ValueError(f"markers {begin!r} and {end!r} not found in order")
    head = document[: start + len(begin)]
    return head + "\n" + content.strip("\n") + "\n" + document[stop:]
