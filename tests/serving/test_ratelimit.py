"""Rate limits per client, in front of the response cache, with the draft's headers."""

import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import Engine

from briefings.app import create_app
from briefings.config import Settings
from briefings.serving import ratelimit
from briefings.serving.edge import Edge
from briefings.serving.ratelimit import RateLimit
from briefings.serving.server import Server
from serving.live import serving

PLACES = "/v1/places"


def limited_client(engine: Engine, peer: str = "203.0.113.7", **settings: object) -> TestClient:
    app = create_app(Settings(database_url=str(engine.url), **settings), engine)  # type: ignore[arg-type]
    return TestClient(Server(app), client=(peer, 40000))


def limiter(client: TestClient) -> RateLimit:
    """The rate-limit gate of a client's stack."""
    edge: Edge = client.app.stack  # type: ignore[attr-defined]
    (gate,) = edge.gates
    assert isinstance(gate, RateLimit)
    return gate


@pytest.fixture
def burst(seeded_engine: Engine) -> TestClient:
    return limited_client(seeded_engine, rate_limits="3/minute;100/hour")


def test_every_answer_says_where_the_client_stands(burst: TestClient) -> None:
    answers = [burst.get(PLACES) for _ in range(2)]

    for answer in answers:
        assert answer.status_code == 200
        assert answer.headers["ratelimit-policy"] == (
            '"3 per 1 minute";q=3;w=60, "100 per 1 hour";q=100;w=3600'
        )
    remaining = [answer.headers["ratelimit"] for answer in answers]
    assert remaining[0].startswith('"3 per 1 minute";r=2;t=')
    assert remaining[1].startswith('"3 per 1 minute";r=1;t=')
    assert ', "100 per 1 hour";r=98;t=' in remaining[1]


def test_over_the_limit_a_429_problem_says_when_to_retry(burst: TestClient) -> None:
    # The first answer is kept by the response cache; the next ones are replays, and count.
    statuses = [burst.get(PLACES).status_code for _ in range(3)]
    refused = burst.get(PLACES)

    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert refused.headers["ratelimit"].startswith('"3 per 1 minute";r=0;t=')
    problem = refused.json()
    assert problem["type"] == "https://briefings.dev/problems/rate-limited"
    assert problem["status"] == 429
    assert "203.0.113.7 made more than 3 per 1 minute" in problem["detail"]
    assert problem["request_id"] == refused.headers["x-request-id"]
    # Probes are never limited.
    health = burst.get("/healthz")
    assert health.status_code == 200
    assert "ratelimit" not in health.headers


def test_a_browser_may_read_the_limits_and_the_refusal(burst: TestClient) -> None:
    origin = {"Origin": "https://app.example.org"}
    allowed = burst.get(PLACES, headers=origin)
    for _ in range(3):
        refused = burst.get(PLACES, headers=origin)

    assert "RateLimit" in allowed.headers["access-control-expose-headers"]
    assert refused.status_code == 429
    assert refused.headers["access-control-allow-origin"] == "*"
    assert "Retry-After" in refused.headers["access-control-expose-headers"]


def test_each_client_counts_alone(seeded_engine: Engine) -> None:
    settings = {"rate_limits": "2/minute"}
    first = limited_client(seeded_engine, "198.51.100.1", **settings)
    second = TestClient(first.app, client=("198.51.100.2", 40000))

    assert [first.get(PLACES).status_code for _ in range(3)] == [200, 200, 429]
    assert second.get(PLACES).status_code == 200


@pytest.mark.parametrize(
    ("peer", "headers", "client"),
    [
        # An untrusted peer cannot name another client.
        ("203.0.113.9", {"X-Forwarded-For": "192.0.2.1"}, "203.0.113.9"),
        # A trusted proxy names the client; what the client wrote left of it is not believed.
        ("10.0.0.5", {"X-Forwarded-For": "6.6.6.6, 192.0.2.1"}, "192.0.2.1"),
        ("10.0.0.5", {"X-Forwarded-For": "192.0.2.1, 10.0.0.4"}, "192.0.2.1"),
        (
            "10.0.0.5",
            {"Forwarded": 'for=192.0.2.60;proto=http, for="[2001:db8::1]:80"'},
            "2001:db8::1",
        ),
        ("10.0.0.5", {"Forwarded": "for=192.0.2.43:4711"}, "192.0.2.43"),
        # A garbled hop stops the walk at the last address a trusted proxy vouched for.
        ("10.0.0.5", {"X-Forwarded-For": "not-an-address"}, "10.0.0.5"),
        ("10.0.0.5", {}, "10.0.0.5"),
    ],
)
def test_the_client_is_the_peer_or_what_a_trusted_proxy_forwarded(
    seeded_engine: Engine, peer: str, headers: dict[str, str], client: str
) -> None:
    limited = limited_client(
        seeded_engine, peer, rate_limits="1/minute", trusted_proxies=["10.0.0.0/8"]
    )
    limited.get(PLACES, headers=headers)
    refused = limited.get(PLACES, headers=headers)

    assert refused.status_code == 429
    assert refused.json()["detail"].startswith(f"{client} made more than")


class Clock:
    """The limiter's clock, moved by the test instead of waited for."""

    def __init__(self) -> None:
        self.now = time.time()

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    moved = Clock()
    monkeypatch.setattr(ratelimit, "time", moved)
    return moved


def test_the_limiter_forgets_clients_whose_window_ended(
    seeded_engine: Engine, clock: Clock
) -> None:
    limited = limited_client(seeded_engine, rate_limits="100/minute")
    (window,) = limiter(limited).windows
    for number in range(2000):
        peer = f"10.0.{number >> 8}.{number & 255}"
        TestClient(limited.app, client=(peer, 1)).get("/v2/nothing")
    assert len(window.counts) == 2000

    clock.now += 61
    answer = limited.get("/v2/nothing")

    assert len(window.counts) == 1
    assert answer.headers["ratelimit"].startswith('"100 per 1 minute";r=99;')


def test_an_empty_setting_turns_the_limit_off(seeded_engine: Engine) -> None:
    unlimited = limited_client(seeded_engine, rate_limits="")
    answers = [unlimited.get(PLACES) for _ in range(5)]

    assert [answer.status_code for answer in answers] == [200] * 5
    assert "ratelimit" not in answers[-1].headers


@pytest.mark.parametrize(
    ("setting", "value"),
    [("rate_limits", "lots"), ("rate_limits", "10/fortnight"), ("trusted_proxies", ["proxy"])],
)
def test_a_bad_setting_is_refused_with_its_name(setting: str, value: object) -> None:
    with pytest.raises(ValidationError, match=setting):
        Settings(**{setting: value})  # type: ignore[arg-type]


def test_a_real_server_counts_a_forged_forwarded_address_as_its_peer(tmp_path: Path) -> None:
    """uvicorn's own proxy headers are off: from a peer that is not a trusted proxy, an
    X-Forwarded-For is the client's word and buys no fresh budget."""
    with serving(tmp_path, rate_limits="2/minute") as base:
        statuses = [
            httpx.get(
                f"{base}/v1/places", headers={"X-Forwarded-For": f"192.0.2.{n}"}, timeout=10
            ).status_code
            for n in range(3)
        ]

    assert statuses == [200, 200, 429]


def test_the_reset_is_the_whole_seconds_left_in_a_window_aligned_on_the_clock(
    seeded_engine: Engine, clock: Clock
) -> None:
    limited = limited_client(seeded_engine, rate_limits="3/minute")
    # 17.25 s into a minute: 42.75 s are left, told as 43; at the last instant, 1.
    clock.now = 60 * 29_000_000 + 17.25
    first = limited.get(PLACES)
    clock.now = 60 * 29_000_000 + 59.999
    last = limited.get(PLACES)
    clock.now = 60 * 29_000_001
    next_window = limited.get(PLACES)

    assert first.headers["ratelimit"] == '"3 per 1 minute";r=2;t=43'
    assert last.headers["ratelimit"] == '"3 per 1 minute";r=1;t=1'
    assert next_window.headers["ratelimit"] == '"3 per 1 minute";r=2;t=60'
