"""A kind of read that ran past the event loop's share goes to a free query thread at once
the next time, and comes back to the loop once a read of it is quick again."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from anyio import CapacityLimiter
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from starlette.requests import Request

from briefings.db import _limiter
from briefings.overruns import MAX_NAMES, Overruns, kind_of
from support import Reads, make_client, watch_reads

# How long a test holds every query thread at most: a read that waits for one instead of
# trying the loop gets it back after this and is seen running there, so the test fails
# rather than hangs.
HOLD_SECONDS = 10.0


@dataclass
class Watched:
    client: TestClient
    reads: Reads
    loop: str

    def where(self) -> list[bool]:
        """Whether each list read since the last call ran on the event loop."""
        found = [name == self.loop for name in self.reads.threads]
        self.reads.threads.clear()
        return found


@contextmanager
def overran_once(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, query_threads: int
) -> Iterator[Watched]:
    """A client after one list read of actors that ran past the loop's share, then in a
    thread until the deadline; list reads go on running until theirs while
    ``reads.endless``."""
    reads = watch_reads(monkeypatch, endless=True)
    # A quick read must finish within the loop's share even on a busy machine (a 10 ms
    # share failed once beside the rest of the suite): the share is generous, the
    # deadline a little more.
    with make_client(
        engine,
        response_cache_bytes=0,
        query_threads=query_threads,
        query_loop_ms=150,
        query_timeout_ms=600,
    ) as client:
        loop = client.portal.call(threading.current_thread).name  # type: ignore[union-attr]
        watched = Watched(client, reads, loop)
        assert client.get("/v1/actors?limit=5").status_code == 503
        assert watched.where() == [True, False]
        yield watched


def test_a_slow_kind_skips_the_loop_until_it_is_quick_again(
    seeded_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with overran_once(seeded_engine, monkeypatch, query_threads=2) as watched:
        client = watched.client
        # The same kind (other values) goes to a thread at once.
        assert client.get("/v1/actors?limit=7").status_code == 503
        assert watched.where() == [False]
        # Another kind (another parameter) still starts on the loop.
        watched.reads.endless = False
        assert client.get("/v1/actors?limit=5&sort=-id").status_code == 200
        assert watched.where() == [True]
        # Quick again in its thread: the next read of the kind starts on the loop.
        assert client.get("/v1/actors?limit=6").status_code == 200
        assert client.get("/v1/actors?limit=8").status_code == 200
        assert watched.where() == [False, True]


@contextmanager
def every_thread_taken(client: TestClient) -> Iterator[None]:
    """The query threads' one token held, as a slow read in a thread would hold it."""
    holder = object()
    limiter = client.portal.call(_current_limiter, client)  # type: ignore[union-attr]
    client.portal.call(limiter.acquire_on_behalf_of, holder)  # type: ignore[union-attr]
    released = threading.Lock()

    def release() -> None:
        with released:
            if limiter.borrowed_tokens:
                client.portal.call(limiter.release_on_behalf_of, holder)  # type: ignore[union-attr]

    timer = threading.Timer(HOLD_SECONDS, release)
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        release()


async def _current_limiter(client: TestClient) -> CapacityLimiter:
    return _limiter(client.app.app)  # type: ignore[attr-defined]


def test_with_every_thread_taken_a_slow_kind_tries_the_loop_and_a_quick_read_forgets_it(
    seeded_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with overran_once(seeded_engine, monkeypatch, query_threads=1) as watched:
        client = watched.client
        # The kind overran, but the one thread is taken: rather than queue behind it, the
        # read tries the loop, and it is quick there.
        watched.reads.endless = False
        with every_thread_taken(client):
            assert client.get("/v1/actors?limit=7").status_code == 200
        assert watched.where() == [True]
        # That quick read forgot the kind: with the thread free again, the next read of
        # it still starts on the loop.
        assert client.get("/v1/actors?limit=8").status_code == 200
        assert watched.where() == [True]


def _request(query: str, path: str = "/v1/statements") -> Request:
    return Request({"type": "http", "method": "GET", "path": path, "query_string": query.encode()})


def test_a_kind_is_the_route_and_how_many_values_each_parameter_has() -> None:
    one = kind_of(_request("country=FR&kind=commitment"))
    assert one == kind_of(_request("kind=assessment&country=KZ"))
    assert one != kind_of(_request("country=FR&country=KZ&kind=commitment"))
    few = kind_of(_request("country=FR&country=KZ&country=KG"))
    assert few == kind_of(_request("country=FR&country=KZ"))
    assert few != kind_of(_request("&".join(f"country=C{n}" for n in range(100))))


def test_what_no_route_takes_is_never_remembered() -> None:
    many = "&".join(f"p{n}=1" for n in range(MAX_NAMES + 1))
    assert kind_of(_request(many)) is None
    assert kind_of(_request("x" * 100 + "=1")) is None
    overruns = Overruns()
    overruns.overran(None)
    assert overruns.kinds == {}
    assert not overruns.known(None)


def test_kinds_kept_are_bounded_and_the_least_recent_go_first() -> None:
    overruns = Overruns(max_kinds=3)
    kinds = [kind_of(_request(f"limit={n}", f"/v1/{name}")) for n, name in enumerate("abcd")]
    for kind in kinds[:3]:
        overruns.overran(kind)
    assert overruns.known(kinds[0])  # seen again: now the most recent
    overruns.overran(kinds[3])
    assert [overruns.known(kind) for kind in kinds] == [True, False, True, True]
    overruns.within(kinds[2])
    assert not overruns.known(kinds[2])
