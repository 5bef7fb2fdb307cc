"""deploy/nginx.conf in front of a served process: what it passes and what it refuses.

Skipped only when nginx is not installed here; CI installs it (.ci/run)."""

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from briefings.config import PROJECT_ROOT
from briefings.errors import PROBLEM_BASE
from serving.live import connect, exchange, free_port, read_all, serving

SHIPPED = PROJECT_ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or next(
    (path for path in ("/usr/sbin/nginx",) if Path(path).exists()), None
)
START_SECONDS = 20
HEAD_TIMEOUT = "1s"

pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (CI installs it)")


def rendered(upstream_port: int, port: int) -> str:
    """The shipped file with only its ports and the header timeout changed."""
    text = SHIPPED.read_text()
    for shipped, used in [
        ("listen 8080;", f"listen 127.0.0.1:{port};"),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};"),
        ("client_header_timeout 10s;", f"client_header_timeout {HEAD_TIMEOUT};"),
    ]:
        assert text.count(shipped) == 1, shipped
        text = text.replace(shipped, used)
    return text


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    assert NGINX is not None
    folder = tmp_path_factory.mktemp("nginx")
    port = free_port()
    with serving(folder) as upstream:
        upstream_port = int(upstream.rsplit(":", 1)[1])
        (folder / "briefings.conf").write_text(rendered(upstream_port, port))
        temp = "\n".join(
            f"    {kind}_temp_path {folder / kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        # As root, nginx's workers would run as nobody, who cannot enter pytest's folders.
        user = "user root;\n" if os.geteuid() == 0 else ""
        (folder / "nginx.conf").write_text(
            f"{user}worker_processes 1;\npid {folder / 'nginx.pid'};\n"
            f"error_log {folder / 'error.log'} warn;\n"
            "events { worker_connections 1024; }\n"
            f"http {{\n    access_log off;\n{temp}\n"
            f"    include {folder / 'briefings.conf'};\n}}\n"
        )
        process = subprocess.Popen(
            [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + START_SECONDS
            while True:
                assert process.poll() is None, (folder / "error.log").read_text()
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "nginx did not answer"
                time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_answers_pass_through_with_the_servers_headers(proxied: str) -> None:
    answer = httpx.get(f"{proxied}/v1/places", timeout=10)
    assert answer.status_code == 200
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "x-request-id" in answer.headers
    assert answer.headers["server"] == "nginx"


def test_a_url_over_8_kb_is_a_414_problem(proxied: str) -> None:
    status, body = exchange(proxied, b"GET /v1/places?q=" + b"a" * 9000 + b" HTTP/1.1\r\n\r\n")
    assert status == 414
    assert body["type"] == PROBLEM_BASE + "uri-too-long"


def test_a_header_over_8_kb_is_a_431_problem(proxied: str) -> None:
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\nAccept: " + b"a" * 9000 + b"\r\n\r\n"
    status, body = exchange(proxied, request)
    assert status == 431
    assert body["type"] == PROBLEM_BASE + "request-header-fields-too-large"


def test_a_body_over_1_mb_is_a_413_problem(proxied: str) -> None:
    request = b"POST /v1/places HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n"
    status, body = exchange(proxied, request)
    assert status == 413
    assert body["type"] == PROBLEM_BASE + "content-too-large"


def test_a_slowloris_head_is_cut_at_the_header_timeout(proxied: str) -> None:
    with connect(proxied) as client:
        client.sendall(b"GET /healthz HTTP/1.1\r\n")
        started = time.monotonic()
        client.settimeout(0.3)
        closed = False
        while not closed and time.monotonic() - started < 10:
            try:
                client.sendall(b"X-a: b\r\n")
                closed = client.recv(65536) == b""
            except TimeoutError:
                continue
            except OSError:
                closed = True
    assert closed
    assert time.monotonic() - started < 10


def test_connections_past_the_per_client_limit_are_refused(proxied: str) -> None:
    """nginx counts a connection once its request is being handled: each held one is a
    request whose body never comes."""
    held = [connect(proxied) for _ in range(64)]
    try:
        for client in held:
            client.sendall(b"POST /v1/places HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n")
        # Until nginx has read every held head, one more may still pass.
        deadline = time.monotonic() + 10
        answer = b""
        while not answer.startswith(b"HTTP/1.1 503") and time.monotonic() < deadline:
            with connect(proxied) as extra:
                extra.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                answer = read_all(extra)
    finally:
        for client in held:
            client.close()
    assert answer.startswith(b"HTTP/1.1 503"), answer[:200]
    assert b"too-many-connections" in answer
