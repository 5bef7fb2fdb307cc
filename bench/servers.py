"""How the benchmark starts the servers it compares and records what the ceiling
replays: shared by the wrk run (``bench.run``) and the instruction count
(``bench.instructions``), and free of the bench group's plotting."""

from __future__ import annotations

import base64
import os
import sys
from collections.abc import Sequence
from typing import Any

from bench import core
from bench.procs import HOST, BenchError, get

OURS_ENV: dict[str, str] = {"BRIEFINGS_RATE_LIMITS": core.COUNTED_RATE_LIMITS}


def ours_access_log() -> bool:
    """Whether `briefings serve` logs each request, with the environment we give it."""
    saved = dict(os.environ)
    try:
        os.environ.update(OURS_ENV)
        from briefings.config import Settings

        return bool(getattr(Settings(), "access_log", True))  # uvicorn's default is on
    except Exception:  # settings our server will refuse too: its start reports why
        return True
    finally:
        os.environ.clear()
        os.environ.update(saved)


def ceiling_argv(port: int) -> list[str]:
    # The same uvicorn as `briefings serve`: its loop (uvloop, accepting in bulk), its
    # HTTP protocol (httptools with the protocol limits: header size and time, URL and
    # body size, connections), no proxy headers, log level info, and the access log on or
    # off as ours.
    argv = [sys.executable, "-m", "uvicorn", "bench.ceiling:app", "--host", HOST,
            "--port", str(port), "--log-level", "info",
            "--loop", "briefings.serving.accept:new_event_loop",
            "--http", "briefings.serving.limits:LimitedHttpProtocol",
            "--no-proxy-headers"]  # fmt: skip
    return argv if ours_access_log() else [*argv, "--no-access-log"]


def record_answers(port: int, urls: Sequence[str]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for url in urls:
        if url in answers:
            continue
        answer = get(port, url)
        if answer.status != 200:
            raise BenchError(f"our server answered {answer.status} to {url}: {answer.body[:300]!r}")
        answers[url] = {
            "status": answer.status,
            "headers": answer.headers,
            "body_b64": base64.b64encode(answer.body).decode(),
        }
    return answers
