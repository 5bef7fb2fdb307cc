"""What a run found: checks (PASS/FAIL), figures and tables, as plain text and as JSON.

A check is anything with a verdict: a hostile input's answer, a "done when" target, the
soak's error count. Figures without a target are lines of the report only. The run
fails (exit status 1) when any check failed.
"""

from __future__ import annotations

import math
import os
import platform
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson


@dataclass(frozen=True)
class Check:
    section: str
    name: str
    ok: bool
    status: str  # the status seen ("431", "408 x200", "-" when not an HTTP answer)
    seconds: float | None
    expected: str  # what the answer had to be
    detail: str = ""  # what was seen beyond the status, or why it failed

    @property
    def verdict(self) -> str:
        return "PASS" if self.ok else "FAIL"

    def line(self) -> str:
        seconds = "-" if self.seconds is None else f"{self.seconds:.3f}"
        text = f"{self.verdict}  {self.name:<50} {self.status:<16} {seconds:>8} s"
        text += f"  expected {self.expected}"
        return text + (f"; {self.detail}" if self.detail else "")


@dataclass
class Report:
    started: float = field(default_factory=time.time)
    settings: dict[str, Any] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    # Section title -> lines of figures (tables included), in the order they came.
    figures: dict[str, list[str]] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)  # raw numbers for the JSON file

    def check(self, check: Check) -> Check:
        self.checks.append(check)
        return check

    def say(self, section: str, line: str) -> None:
        self.figures.setdefault(section, []).append(line)

    @property
    def failed(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]

    def exit_status(self) -> int:
        return 1 if self.failed else 0

    def text(self) -> str:
        lines = [
            "briefings abuse suite (issue 10, item 8)",
            f"started {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(self.started))} UTC"
            f" on {platform.node()}, {_cpus()} CPUs, load average {_load()}",
        ]
        lines += [f"  {name}: {value}" for name, value in self.settings.items()]
        sections = list(dict.fromkeys([c.section for c in self.checks] + list(self.figures)))
        for section in sections:
            lines += ["", f"== {section}"]
            lines += [check.line() for check in self.checks if check.section == section]
            lines += self.figures.get(section, [])
        failed = self.failed
        lines += [
            "",
            f"{len(self.checks) - len(failed)} of {len(self.checks)} checks passed"
            + (": FAILED " + "; ".join(f"{c.section}/{c.name}" for c in failed) if failed else ""),
        ]
        return "\n".join(lines) + "\n"

    def json(self) -> bytes:
        document = {
            "started": self.started,
            "settings": self.settings,
            "passed": not self.failed,
            "checks": [asdict(check) | {"verdict": check.verdict} for check in self.checks],
            "figures": self.figures,
            "data": self.data,
        }
        return orjson.dumps(document, option=orjson.OPT_INDENT_2)

    def write(self, directory: Path) -> tuple[Path, Path]:
        directory.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(self.started))
        text_path = directory / f"abuse-{stamp}.txt"
        json_path = directory / f"abuse-{stamp}.json"
        text_path.write_text(self.text())
        json_path.write_bytes(self.json())
        return text_path, json_path


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0..1) of unsorted values; nan if none."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def ms(seconds: float) -> str:
    return "n/a" if math.isnan(seconds) else f"{seconds * 1000:.1f} ms"


def _cpus() -> str:
    return str(os.cpu_count() or "?")


def _load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"
