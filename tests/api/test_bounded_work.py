"""Each request's work is bounded: values per parameter, problems listed, search words,
plans kept, and a deadline on database work that never holds up other requests."""

import itertools
import string
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from briefings.db import Reader
from briefings.errors import MAX_LISTED_ERRORS, PROBLEM_BASE
from briefings.kit import collection
from briefings.kit.params import MAX_VALUES
from briefings.kit.plans import Plans
from briefings.resources.sources import annotations
from briefings.search import router as search_router
from briefings.search.folding import MAX_WORDS
from support import endless_read, watch_reads

COUNTRIES = ["".join(pair) for pair in itertools.product(string.ascii_uppercase, repeat=2)]
# Generous: a deadline missed by this much is a hang, not a slow machine.
PATIENCE_S = 30.0


def test_a_parameter_takes_at_most_the_documented_number_of_values(client: TestClient) -> None:
    at_cap = "&".join(f"country={code}" for code in COUNTRIES[:MAX_VALUES])
    assert client.get(f"/v1/statements?{at_cap}").status_code == 200
    response = client.get(f"/v1/statements?{at_cap}&country=ZZ")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"parameter": "country", "message": f"at most {MAX_VALUES} values, got {MAX_VALUES + 1}"}
    ]


def test_the_cap_is_in_the_openapi_document(client: TestClient) -> None:
    listing = client.get("/openapi.json").json()["paths"]["/v1/statements"]["get"]
    country = next(p for p in listing["parameters"] if p["name"] == "country")
    assert country["schema"]["maxItems"] == MAX_VALUES


def test_ten_thousand_unknown_parameters_get_a_small_answer(client: TestClient) -> None:
    query = "&".join(str(index) for index in range(10_000))  # a 50 kB URL
    response = client.get(f"/v1/places?{query}")
    assert response.status_code == 400
    assert len(response.content) < 10_000
    problem = response.json()
    assert len(problem["errors"]) == MAX_LISTED_ERRORS
    assert problem["errors"][0]["parameter"] == "0"
    assert problem["errors_omitted"] == 10_000 - MAX_LISTED_ERRORS
    assert problem["detail"].endswith(f"and {10_000 - MAX_LISTED_ERRORS} more")
    assert problem["instance"] == "/v1/places"


def test_word_order_case_and_repeats_give_one_search_answer(client: TestClient) -> None:
    first = client.get("/v1/search", params={"q": "eau Bichkek"})
    second = client.get("/v1/search", params={"q": "bichkek  EAU eau"})
    assert first.status_code == second.status_code == 200
    assert first.json()["meta"]["q"] == "bichkek eau"
    assert first.content == second.content
    assert first.headers["ETag"] == second.headers["ETag"]


def test_word_order_gives_one_count_on_a_collection(client: TestClient) -> None:
    first = client.get("/v1/statements", params={"q": "eau kirghizstan"}).json()
    second = client.get("/v1/statements", params={"q": "Kirghizstan eau  eau"}).json()
    assert first["data"] == second["data"]
    assert first["meta"] == second["meta"]


def test_a_search_takes_at_most_the_documented_number_of_words(client: TestClient) -> None:
    many = " ".join(reversed(string.ascii_lowercase))
    for url in ("/v1/search", "/v1/statements"):
        response = client.get(url, params={"q": many})
        assert response.status_code == 400
        assert response.json()["errors"] == [
            {"parameter": "q", "message": f"at most {MAX_WORDS} different words, got 26"}
        ]
    repeated = client.get("/v1/search", params={"q": " ".join("a" * 100)})
    assert repeated.status_code == 200


def test_plans_are_bounded_by_count_and_bytes(seeded_engine: Engine) -> None:
    from support import make_client

    client = make_client(seeded_engine, response_cache_bytes=0)
    app = client.app.app  # type: ignore[attr-defined]
    shapes = ["sort=id", "sort=-id", "sort=name", "sort=-name", "country=KZ"]
    app.state.plans = Plans(max_plans=3)
    for shape in shapes:
        assert client.get(f"/v1/places?{shape}").status_code == 200
    assert len(app.state.plans.entries) == 3
    app.state.plans = small = Plans(max_bytes=1)
    for shape in shapes:
        assert client.get(f"/v1/places?{shape}").status_code == 200
    assert (len(small.entries), small.bytes) == (0, 0)


def test_database_work_past_the_deadline_is_a_503_and_the_next_request_works(
    seeded_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from support import make_client

    client = make_client(seeded_engine, query_timeout_ms=200)
    read_revision = collection.read_revision

    def slow(request: Any, session: Reader) -> int:
        endless_read(session)
        return read_revision(request, session)

    monkeypatch.setattr(collection, "read_revision", slow)
    started = time.monotonic()
    response = client.get("/v1/places?sort=-id")
    assert time.monotonic() - started < PATIENCE_S
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert response.json()["type"] == PROBLEM_BASE + "query-timeout"
    assert "200 ms" in response.json()["detail"]
    monkeypatch.setattr(collection, "read_revision", read_revision)
    for _ in range(5):  # more than one pooled connection may have been used
        assert client.get("/v1/places?sort=-id").status_code == 200


@pytest.mark.parametrize(
    ("route", "url"),
    [
        (search_router, "/v1/search?q=eau"),
        (annotations, "/v1/sources/kazakhstan-kyrgyzstan-2025-08-01/annotations"),
    ],
    ids=["search", "annotations"],
)
def test_a_route_of_its_own_past_the_deadline_is_a_503(
    seeded_engine: Engine, monkeypatch: pytest.MonkeyPatch, route: Any, url: str
) -> None:
    from support import make_client

    client = make_client(seeded_engine, query_timeout_ms=200)
    read_revision = collection.read_revision  # each route's, imported from there

    def slow(request: Any, session: Reader) -> int:
        endless_read(session)
        return read_revision(request, session)

    monkeypatch.setattr(route, "read_revision", slow)
    started = time.monotonic()
    response = client.get(url)
    assert time.monotonic() - started < PATIENCE_S
    assert response.status_code == 503
    assert response.json()["type"] == PROBLEM_BASE + "query-timeout"


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[threading.Event, threading.Event]]:
    """Makes a list request's database work wait until ``release`` is set (it gives up
    after PATIENCE_S); ``started`` is set once it waits."""
    started, release = threading.Event(), threading.Event()
    read_revision = collection.read_revision

    def holding(request: Any, session: Reader) -> int:
        if request.url.path == "/v1/actors":
            started.set()
            release.wait(PATIENCE_S)
        return read_revision(request, session)

    monkeypatch.setattr(collection, "read_revision", holding)
    yield started, release
    release.set()


def test_health_and_cached_answers_go_on_while_a_slow_request_runs(
    seeded_engine: Engine, held: tuple[threading.Event, threading.Event]
) -> None:
    from support import make_client

    started, release = held
    # Work held in Python, not in SQL, is out of the loop's budget's reach: every read
    # goes to the threads here (query_loop_ms=0).
    with make_client(seeded_engine, query_timeout_ms=0, query_threads=4, query_loop_ms=0) as client:
        cached = client.get("/v1/places")
        answers: dict[str, int] = {}
        slow = threading.Thread(
            target=lambda: answers.update(slow=client.get("/v1/actors").status_code)
        )
        slow.start()
        assert started.wait(PATIENCE_S)
        during: list[Callable[[], int]] = [
            lambda: client.get("/healthz").status_code,
            lambda: client.get("/v1/places").status_code,
        ]
        assert [call() for call in during] == [200, 200]
        assert slow.is_alive()
        assert "slow" not in answers
        assert cached.status_code == 200
        release.set()
        slow.join(PATIENCE_S)
        assert answers == {"slow": 200}


@pytest.mark.parametrize(
    ("threads", "loop_ms", "off_the_loop"), [(0, 10, False), (4, 0, True), (4, 500, False)]
)
def test_query_threads_chooses_where_database_work_runs(
    seeded_engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    threads: int,
    loop_ms: int,
    off_the_loop: bool,
) -> None:
    """No threads: on the loop. Threads and no share of the loop: in a thread. Threads and
    a share of the loop: a read that ends within it stays on the loop."""
    from support import make_client

    names = watch_reads(monkeypatch).threads
    with make_client(
        seeded_engine, response_cache_bytes=0, query_threads=threads, query_loop_ms=loop_ms
    ) as client:
        loop_thread = client.portal.call(threading.current_thread)  # type: ignore[union-attr]
        assert client.get("/v1/actors").status_code == 200
    assert len(names) == 1
    assert (names[-1] != loop_thread.name) is off_the_loop


def test_a_read_past_its_share_of_the_loop_goes_on_in_a_thread_while_health_answers(
    seeded_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read still running after query_loop_ms is stopped and run again in a thread,
    where the deadline ends it; /healthz answers meanwhile."""
    from support import make_client

    names = watch_reads(monkeypatch, endless=True).threads
    with make_client(
        seeded_engine,
        response_cache_bytes=0,
        query_threads=4,
        query_loop_ms=10,
        query_timeout_ms=3000,
    ) as client:
        loop_thread = client.portal.call(threading.current_thread)  # type: ignore[union-attr]
        answers: dict[str, Any] = {}
        slow = threading.Thread(target=lambda: answers.update(slow=client.get("/v1/actors")))
        slow.start()
        deadline = time.monotonic() + PATIENCE_S
        while len(names) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        health = client.get("/healthz")
        still_running = slow.is_alive()
        slow.join(PATIENCE_S)

    assert names[0] == loop_thread.name
    assert names[1] != loop_thread.name
    assert health.status_code == 200
    assert still_running
    assert answers["slow"].status_code == 503
    assert "3000 ms" in answers["slow"].json()["detail"]


def test_totals_over_several_link_values_take_the_semi_join(seeded_engine: Engine) -> None:
    """A page may test each record for the values (it stops after a page); a total over
    every record must not: its cost would be records x values."""
    from support import make_client

    client = make_client(seeded_engine, response_cache_bytes=0)
    app = client.app.app  # type: ignore[attr-defined]
    response = client.get("/v1/statements?country=KZ&country=KG")
    assert response.status_code == 200
    [plan] = [plan for plan, _size in app.state.plans.entries.values()]
    counted = str(plan.counted).upper()
    assert "EXISTS" not in counted
    assert "IN (SELECT" in counted.replace("\n", " ").replace("  ", " ")
