"""`briefings serve` as a real process on a free port, for tests that need real sockets."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

# A bound, not a wait: a start ends as soon as /healthz answers. A start compiles,
# migrates and seeds, and on the shared 2-core machine under load took over 20 s.
SERVER_START_SECONDS = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(tmp_path: Path, *args: str, **settings: str) -> Iterator[str]:
    """`briefings serve` as a real process in ``tmp_path``, with only the given settings;
    yields its base URL."""
    with serving_process(tmp_path, *args, **settings) as (base, _):
        yield base


def resident_bytes(pid: int) -> int:
    """A process's resident memory, from /proc."""
    pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


def serving_process(
    tmp_path: Path, *args: str, **settings: str
) -> AbstractContextManager[tuple[str, subprocess.Popen[bytes]]]:
    """`briefings serve` as a real process in ``tmp_path``; yields its base URL and process,
    which must then stop gracefully on SIGTERM."""
    return _process(tmp_path, args, settings, killed=False)


def killable_process(
    tmp_path: Path, *args: str, **settings: str
) -> AbstractContextManager[tuple[str, subprocess.Popen[bytes]]]:
    """The same, for a test that may kill it (kill -9): how it ended is the test's to say."""
    return _process(tmp_path, args, settings, killed=True)


@contextmanager
def _process(
    tmp_path: Path, args: tuple[str, ...], settings: dict[str, str], killed: bool
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("BRIEFINGS_")}
    env.update({f"BRIEFINGS_{name.upper()}": value for name, value in settings.items()})
    log = tmp_path / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "briefings.cli", "serve", "--port", str(port), *args],
            cwd=tmp_path,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server exited with {process.returncode}:\n{log.read_text()}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                waited = f"{SERVER_START_SECONDS} s"
                pytest.fail(f"no answer on {base}/healthz in {waited}:\n{log.read_text()}")
            time.sleep(0.2)
        yield base, process
    finally:
        if process.poll() is None:
            process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if killed:
        return
    # SIGTERM is a graceful stop: uvicorn closes the listening sockets, lets the answers
    # in flight finish, then ends by the signal it was sent.
    stopped = log.read_text()
    assert process.returncode in (0, -signal.SIGTERM), f"exit {process.returncode}:\n{stopped}"
    assert "Finished server process" in stopped, stopped


# --- raw sockets, for what an HTTP client library will not send ---------------------

SOCKET_SECONDS = 10.0


def connect(base: str) -> socket.socket:
    parts = urlsplit(base)
    assert parts.hostname is not None
    assert parts.port is not None
    client = socket.create_connection((parts.hostname, parts.port), timeout=SOCKET_SECONDS)
    return client


def read_all(client: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    chunks = []
    try:
        while chunk := client.recv(65536):
            chunks.append(chunk)
    except ConnectionResetError:
        # nginx resets a connection whose declared body it refused, after its answer.
        if not chunks:
            raise
    return b"".join(chunks)


def problem(answer: bytes) -> tuple[int, dict[str, object]]:
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    assert b"content-type: application/problem+json" in head.lower(), head
    assert b"connection: close" in head.lower(), head
    document: dict[str, object] = json.loads(body)
    assert document["status"] == status
    return status, document


def exchange(base: str, request: bytes) -> tuple[int, dict[str, object]]:
    with connect(base) as client:
        client.sendall(request)
        return problem(read_all(client))
