"""The response cache holds a bounded amount of memory whatever the headers of a request:
its keys are the representation negotiated (format, CORS answer), never raw header bytes,
and it counts keys, headers and bodies against ``BRIEFINGS_RESPONSE_CACHE_BYTES``."""

from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from briefings.serving.cache import ResponseCache
from serving.live import resident_bytes, serving_process
from support import make_client

HUGE = 100 * 1024


def huge_accept(n: int) -> str:
    """A distinct 100 kB Accept header that still negotiates JSON."""
    return f"application/json, x-{n}/" + "y" * HUGE


def test_distinct_huge_accept_headers_share_one_cached_answer(seeded_engine: Engine) -> None:
    client = make_client(seeded_engine)
    cache: ResponseCache = client.app.cache  # type: ignore[attr-defined]
    first = client.get("/v1/places", headers={"Accept": huge_accept(0)})
    assert first.status_code == 200
    size = cache.size
    for n in range(1, 50):
        again = client.get("/v1/places", headers={"Accept": huge_accept(n)})
        assert again.content == first.content
    assert len(cache.entries) == 1
    assert cache.size == size
    assert size < len(first.content) + 4096


def test_the_cache_counts_keys_and_headers_as_well_as_bodies(seeded_engine: Engine) -> None:
    client = make_client(seeded_engine)
    cache: ResponseCache = client.app.cache  # type: ignore[attr-defined]
    query = "limit=1&sort=id"
    answer = client.get(f"/v1/places?{query}")
    assert answer.status_code == 200
    (entry,) = cache.entries.values()
    headers = sum(len(name) + len(value) for name, value in entry.headers)
    assert entry.size > len(answer.content) + headers + len(query)
    # The request's negotiation, remembered for the next that repeats it, counts too.
    assert len(cache.memo) == 1
    assert cache.size == entry.size + cache.memo_size > entry.size


def test_a_cache_of_few_bytes_keeps_only_what_fits(seeded_engine: Engine) -> None:
    client = make_client(seeded_engine, response_cache_bytes=64 * 1024)
    cache: ResponseCache = client.app.cache  # type: ignore[attr-defined]
    for n in range(1, 200):
        assert client.get(f"/v1/places?limit={n}").status_code == 200
        assert cache.size <= 64 * 1024
        # The remembered negotiations take at most an eighth, and are forgotten together.
        assert cache.memo_size <= 8 * 1024
    assert 0 < len(cache.memo) < 199
    assert cache.size == sum(entry.size for entry in cache.entries.values()) + cache.memo_size


def test_only_the_configured_origins_are_told_apart(seeded_engine: Engine) -> None:
    allowed = "https://app.example.org"
    client = make_client(seeded_engine, cors_origins=[allowed])
    cache: ResponseCache = client.app.cache  # type: ignore[attr-defined]
    assert (
        client.get("/v1/places", headers={"Origin": allowed}).headers["access-control-allow-origin"]
        == allowed
    )
    for n in range(20):
        refused = client.get("/v1/places", headers={"Origin": f"https://evil{n}.example"})
        assert "access-control-allow-origin" not in refused.headers
    again = client.get("/v1/places", headers={"Origin": allowed})
    assert again.headers["access-control-allow-origin"] == allowed
    assert len(cache.entries) == 2


def test_every_origin_shares_one_answer_when_all_are_allowed(seeded_engine: Engine) -> None:
    client = make_client(seeded_engine)
    cache: ResponseCache = client.app.cache  # type: ignore[attr-defined]
    for n in range(20):
        answer = client.get("/v1/places", headers={"Origin": f"https://{n}.example"})
        assert answer.headers["access-control-allow-origin"] == "*"
    assert len(cache.entries) == 1


def test_an_unacceptable_accept_is_still_406(seeded_engine: Engine) -> None:
    client = make_client(seeded_engine)
    assert client.get("/v1/places", headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/v1/places", headers={"Accept": "image/png"}).status_code == 406


# 500 distinct 100 kB headers would hold 50 MB if the cache kept them: over the limit
# by far, at a quarter of the 2,000 requests (and the 19 s) this test once took.
REQUESTS = 500
GROWTH_LIMIT = 20 * 1024 * 1024


def test_500_huge_accept_headers_barely_move_resident_memory(tmp_path: Path) -> None:
    """Measured on a served process: the headers pass the protocol (its head limit raised
    for the test) and reach the cache, which must not keep them."""
    with (
        serving_process(tmp_path, max_header_bytes=str(2 * HUGE)) as (base, process),
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        for n in range(50):
            client.get("/v1/places", headers={"Accept": huge_accept(-n)})
        before = resident_bytes(process.pid)
        for n in range(REQUESTS):
            answer = client.get("/v1/places", headers={"Accept": huge_accept(n)})
            assert answer.status_code == 200
        grown = resident_bytes(process.pid) - before
    print(f"resident memory grew by {grown / 2**20:.1f} MiB over {REQUESTS} requests")
    assert grown < GROWTH_LIMIT, grown


@pytest.mark.parametrize("accept", ["", "*/*", "text/csv", "application/x-ndjson"])
def test_each_format_is_its_own_entry(seeded_engine: Engine, accept: str) -> None:
    client = make_client(seeded_engine)
    cache: ResponseCache = client.app.cache  # type: ignore[attr-defined]
    json_answer = client.get("/v1/places", headers={"Accept": "application/json"})
    other = client.get("/v1/places", headers={"Accept": accept})
    same_format = accept in ("", "*/*")
    assert (other.content == json_answer.content) is same_format
    assert len(cache.entries) == (1 if same_format else 2)
