"""Protocol limits, on real sockets against `briefings serve`: what a client may send, how long
it may take, and how many connections it may hold. Each refusal is a problem, then a close."""

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from briefings.errors import PROBLEM_BASE
from serving.live import connect, exchange, problem, read_all, serving

HEAD_TIMEOUT = 1.0
# Generous: the machine is shared, the limits are about seconds, not milliseconds.
DEADLINE = 10.0


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("limits")
    with serving(
        folder,
        max_url_bytes="2048",
        max_header_bytes="8192",
        max_body_bytes="1024",
        header_timeout_seconds=str(HEAD_TIMEOUT),
        keep_alive_seconds="1",
    ) as url:
        yield url


def test_a_url_over_the_limit_is_414(base: str) -> None:
    status, body = exchange(base, b"GET /v1/statements?q=" + b"a" * 3000 + b" HTTP/1.1\r\n\r\n")
    assert status == 414
    assert body["type"] == PROBLEM_BASE + "uri-too-long"
    assert body["detail"] == "the URL is over 2048 bytes"


def test_headers_over_the_limit_are_431(base: str) -> None:
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\nAccept: " + b"a" * 9000 + b"\r\n\r\n"
    status, body = exchange(base, request)
    assert status == 431
    assert body["type"] == PROBLEM_BASE + "request-header-fields-too-large"


def test_many_small_headers_over_the_limit_are_431(base: str) -> None:
    headers = b"".join(b"X-%d: %s\r\n" % (n, b"v" * 50) for n in range(200))
    status, _ = exchange(base, b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n")
    assert status == 431


def test_a_100_mb_header_is_cut_off_at_once_and_others_see_no_pause(base: str) -> None:
    cut_off: list[float] = []

    def flood() -> None:
        with connect(base) as client:
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ")
            started = time.monotonic()
            chunk = b"a" * (1024 * 1024)
            try:
                for _ in range(100):
                    client.sendall(chunk)
                read_all(client)
            except OSError:
                pass  # the server closed on us mid-send: the refusal, as a reset
            cut_off.append(time.monotonic() - started)

    flooder = threading.Thread(target=flood)
    flooder.start()
    slowest = 0.0
    with httpx.Client(base_url=base, timeout=DEADLINE) as other:
        while flooder.is_alive():
            started = time.monotonic()
            assert other.get("/healthz").status_code == 200
            slowest = max(slowest, time.monotonic() - started)
    flooder.join()
    assert len(cut_off) == 1
    assert cut_off[0] < 1.0, cut_off
    assert slowest < 0.5, slowest


def test_a_silent_connection_is_answered_408_and_closed(base: str) -> None:
    with connect(base) as client:
        started = time.monotonic()
        status, body = problem(read_all(client))
        waited = time.monotonic() - started
    assert status == 408
    assert body["type"] == PROBLEM_BASE + "request-timeout"
    assert HEAD_TIMEOUT * 0.9 <= waited < DEADLINE


def test_a_slowloris_head_is_closed_at_the_head_deadline(base: str) -> None:
    """Bytes keep arriving, but the head must be whole within the deadline from its start."""
    with connect(base) as client:
        client.sendall(b"GET /healthz HTTP/1.1\r\n")
        started = time.monotonic()
        client.settimeout(0.2)
        answer = b""
        while time.monotonic() - started < DEADLINE:
            try:
                client.sendall(b"X-a: b\r\n")
                answer += client.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                break
            if answer:
                break
    assert answer.startswith(b"HTTP/1.1 408 "), answer
    assert time.monotonic() - started < DEADLINE


def test_a_declared_body_over_the_limit_is_413_before_it_is_read(base: str) -> None:
    request = b"POST /v1/statements HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n"
    status, body = exchange(base, request)
    assert status == 413
    assert body["type"] == PROBLEM_BASE + "content-too-large"
    assert body["detail"] == "the request body is over 1024 bytes"


def test_a_chunked_body_over_the_limit_is_413(base: str) -> None:
    chunk = b"400\r\n" + b"a" * 1024 + b"\r\n"
    request = b"POST /v1/statements HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
    status, _ = exchange(base, request + chunk * 2)
    assert status == 413


def test_a_body_under_the_limit_reaches_the_application(base: str) -> None:
    answer = httpx.post(f"{base}/v1/statements", content=b"a" * 1000, timeout=DEADLINE)
    assert answer.status_code == 405


def test_an_idle_connection_is_closed_after_the_keep_alive(base: str) -> None:
    with connect(base) as client:
        client.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        started = time.monotonic()
        answer = read_all(client)
    assert answer.startswith(b"HTTP/1.1 200 OK"), answer
    assert 0.9 <= time.monotonic() - started < DEADLINE


def test_connections_over_the_limit_are_answered_503(tmp_path: Path) -> None:
    with serving(tmp_path, max_connections="8") as url:
        held = [connect(url) for _ in range(8)]
        try:
            status, body = exchange(url, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            assert status == 503
            assert body["type"] == PROBLEM_BASE + "too-many-connections"
        finally:
            for client in held:
                client.close()
        deadline = time.monotonic() + DEADLINE
        while httpx.get(f"{url}/healthz", timeout=DEADLINE).status_code != 200:
            assert time.monotonic() < deadline
            time.sleep(0.1)


def test_a_request_that_is_not_http_gets_a_400_problem(base: str) -> None:
    status, body = exchange(base, b"G@T /v1/visits HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 400
    assert body["type"] == PROBLEM_BASE + "bad-request"


def test_a_method_the_server_does_not_know_is_a_501_problem(base: str) -> None:
    status, body = exchange(base, b"FOO /v1/visits HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 501
    assert body["type"] == PROBLEM_BASE + "not-implemented"


def test_a_body_sent_with_its_head_counts_as_body_not_head(tmp_path: Path) -> None:
    """A client sending a POST's head and body in one packet: the body's bytes are the
    body's, under the body limit, and never make the head too large."""
    with serving(tmp_path, max_header_bytes="1024", max_body_bytes="65536") as url:
        body = b"a" * 20_000
        head = b"POST /v1/statements HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n"
        with connect(url) as client:
            client.sendall(head % len(body) + body)
            answer = client.recv(64)
    assert answer.startswith(b"HTTP/1.1 405 "), answer
