"""Child processes (each in its own process group, always ended), ports, HTTP, memory."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

HOST = "127.0.0.1"
# Before a timed run, the servers must have been idle this long...
SETTLE_WINDOW_S = 0.25
# ...using at most this share of one core; waiting at most SETTLE_TIMEOUT_S.
SETTLE_IDLE_SHARE = 0.05
SETTLE_TIMEOUT_S = 60.0


class BenchError(RuntimeError):
    """A condition that stops the benchmark; the message says what and what to do."""


def free_port() -> int:
    """A port the loopback interface has free right now."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((HOST, 0))
            port: int = sock.getsockname()[1]
            return port
    except OSError as error:
        raise BenchError(f"cannot find a free port on {HOST}: {error}") from None


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]
    log_path: Path
    port: int | None = None
    _log: IO[bytes] | None = field(default=None, repr=False)

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


class Children:
    """Every process the benchmark starts; ``stop_all`` ends each by its own group."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.children: list[Child] = []

    def start(
        self,
        name: str,
        argv: Sequence[str],
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        port: int | None = None,
    ) -> Child:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log_path = self.log_dir / f"{name}.log"
        log = log_path.open("wb")
        try:
            process = subprocess.Popen(
                list(argv),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, **(env or {})},
                cwd=cwd,
                start_new_session=True,  # its own process group, ended as one
            )
        except OSError as error:
            log.close()
            raise BenchError(f"cannot start {name} ({argv[0]}): {error}") from None
        child = Child(name, process, log_path, port, log)
        self.children.append(child)
        return child

    def stop(self, child: Child, timeout: float = 10.0) -> None:
        if child.alive():
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(child.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    child.process.wait(timeout=timeout)
                    break
                except subprocess.TimeoutExpired:
                    continue
        else:
            # The leader is gone; workers it forked may not be.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(child.pid, signal.SIGKILL)
        child.process.wait()
        if child._log is not None:
            child._log.close()
            child._log = None
        if child in self.children:
            self.children.remove(child)

    def settle(self, timeout: float = SETTLE_TIMEOUT_S) -> float:
        """Waits until every running child is idle, and returns the seconds waited.

        A server may go on working after wrk stops: an uncached search at 1M statements
        still had 32 queued requests of up to seconds each, and the run after it lost a
        third of its throughput. Idle means the children's CPU time grew by less than
        ``SETTLE_IDLE_SHARE`` of a core over ``SETTLE_WINDOW_S``.
        """
        groups = {child.pid for child in self.children if child.alive()}
        started = time.monotonic()
        before = group_cpu_seconds(groups)
        while time.monotonic() - started < timeout:
            time.sleep(SETTLE_WINDOW_S)
            after = group_cpu_seconds(groups)
            if after - before < SETTLE_WINDOW_S * SETTLE_IDLE_SHARE:
                break
            before = after
        return time.monotonic() - started

    def stop_all(self) -> None:
        for child in list(reversed(self.children)):
            self.stop(child)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


# A request of a scenario is its path, then any headers it sends, separated by tabs:
# "/v1/statements?limit=50\taccept-encoding: gzip". wrk.lua, the ceiling and get() read
# this one form, and the ceiling keys its recorded answers by it.
HEADER_SEPARATOR = "\t"


def with_headers(path: str, headers: Sequence[tuple[str, str]]) -> str:
    return HEADER_SEPARATOR.join([path, *(f"{name.lower()}: {value}" for name, value in headers)])


def split_request(request: str) -> tuple[str, dict[str, str]]:
    path, *lines = request.split(HEADER_SEPARATOR)
    headers = dict(line.split(": ", 1) for line in lines)
    return path, headers


def get(port: int, request: str, timeout: float = 60.0) -> Answer:
    path, headers = split_request(request)
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        return Answer(response.status, list(response.getheaders()), body)
    finally:
        connection.close()


def wait_healthy(child: Child, path: str, timeout: float, poll: float = 0.05) -> float:
    """Seconds until ``path`` answered 200; a BenchError if the process died or time ran out."""
    assert child.port is not None
    started = time.monotonic()
    last = "no answer"
    while time.monotonic() - started < timeout:
        if not child.alive():
            raise BenchError(
                f"{child.name} exited with status {child.process.returncode} before it "
                f"answered {path}; its log ({child.log_path}) ends with:\n{child.log_tail()}"
            )
        try:
            answer = get(child.port, path, timeout=5)
            if answer.status == 200:
                return time.monotonic() - started
            last = f"status {answer.status}"
        except OSError as error:
            last = str(error) or type(error).__name__
        time.sleep(poll)
    raise BenchError(
        f"{child.name} did not become healthy on port {child.port} within {timeout:g} s "
        f"({path}: {last}); its log ({child.log_path}) ends with:\n{child.log_tail()}"
    )


def _proc_stats() -> Iterator[tuple[int, list[str]]]:
    """Every process's pid and the fields of its /proc stat after the command: state,
    ppid, pgrp, ... utime (the 12th of these), stime (13th)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command may hold spaces and parentheses: the fields after the last ')'.
        yield int(entry.name), stat.rsplit(")", 1)[1].split()


def _children_of(pid: int) -> list[int]:
    return [child for child, fields in _proc_stats() if int(fields[1]) == pid]


def group_cpu_seconds(groups: set[int]) -> float:
    """CPU time (user and system) used so far by every process of these process groups."""
    ticks = sum(
        int(fields[11]) + int(fields[12]) for _, fields in _proc_stats() if int(fields[2]) in groups
    )
    return ticks / os.sysconf("SC_CLK_TCK")


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (VmRSS), in MiB."""
    total_kb = 0
    todo = [pid]
    seen: set[int] = set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
        todo.extend(_children_of(current))
    return total_kb / 1024
