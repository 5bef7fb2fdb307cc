"""Content coding: gzip and Brotli negotiated by Accept-Encoding, one ETag per coding,
304s per coding, and compressed answers replayed from the response cache."""

import gzip
from collections.abc import Callable

import brotli
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from briefings.serving import compression
from briefings.serving.compression import MIN_BYTES, negotiated_coding

PAGE = "/v1/statements?limit=20"
TINY = "/v1/places/bishkek?fields=id"


def raw(client: TestClient, url: str, **headers: str) -> tuple[dict[str, str], bytes]:
    """The answer's headers and its bytes as sent, not decoded."""
    with client.stream("GET", url, headers=headers) as response:
        return dict(response.headers), b"".join(response.iter_raw())


@pytest.mark.parametrize(
    ("accept_encoding", "coding"),
    [
        ("gzip", "gzip"),
        ("gzip, deflate, br, zstd", "br"),
        ("x-gzip", "gzip"),
        ("gzip;q=1.0, br;q=0.5", "gzip"),
        ("br;q=0, *", "gzip"),
        ("*", "br"),
        ("gzip;q=0.4, identity;q=0.9", "identity"),
        ("identity", "identity"),
        ("deflate", "identity"),
        ("gzip;q=0", "identity"),
        ("GZIP;Q=0.5", "gzip"),
        ("gzip;q=nonsense", "identity"),
        # Nothing acceptable left: sent uncompressed rather than refused (RFC 9110 12.5.3).
        ("identity;q=0, *;q=0", "identity"),
        ("", "identity"),
    ],
)
def test_the_coding_is_the_best_rated_one_the_server_has(accept_encoding: str, coding: str) -> None:
    assert negotiated_coding(accept_encoding.encode()) == coding


@pytest.mark.parametrize(
    ("coding", "decode"), [("gzip", gzip.decompress), ("br", brotli.decompress)]
)
def test_a_compressed_page_is_the_same_page_with_its_own_etag(
    client: TestClient, coding: str, decode: Callable[[bytes], bytes]
) -> None:
    plain_headers, plain = raw(client, PAGE, **{"Accept-Encoding": "identity"})
    headers, body = raw(client, PAGE, **{"Accept-Encoding": coding})
    assert "content-encoding" not in plain_headers
    assert headers["content-encoding"] == coding
    assert decode(body) == plain
    assert int(headers["content-length"]) == len(body) < len(plain) / 3
    assert headers["etag"] == plain_headers["etag"][:-1] + f'-{coding}"'
    for answer in (headers, plain_headers):
        assert "Accept-Encoding" in answer["vary"]


@pytest.mark.parametrize("cache_bytes", [64 * 1024 * 1024, 0])
def test_if_none_match_is_answered_per_coding(
    seeded_engine: Engine, client_factory: Callable[..., TestClient], cache_bytes: int
) -> None:
    client = client_factory(seeded_engine, response_cache_bytes=cache_bytes)
    first = client.get(PAGE, headers={"Accept-Encoding": "gzip"})
    plain = client.get(PAGE, headers={"Accept-Encoding": "identity"})

    again = client.get(
        PAGE, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304
    assert again.content == b""
    for name in ("etag", "cache-control", "vary"):
        assert again.headers[name] == first.headers[name]
    # The uncompressed page's ETag names another representation: the gzip one is sent.
    other = client.get(
        PAGE, headers={"Accept-Encoding": "gzip", "If-None-Match": plain.headers["etag"]}
    )
    assert other.status_code == 200
    assert other.headers["etag"] == first.headers["etag"]
    # And the gzip ETag does not validate the uncompressed page.
    mixed = client.get(
        PAGE, headers={"Accept-Encoding": "identity", "If-None-Match": first.headers["etag"]}
    )
    assert mixed.status_code == 200
    assert mixed.headers["etag"] == plain.headers["etag"]


def test_a_small_answer_is_sent_as_it_is_and_still_says_it_varies(client: TestClient) -> None:
    headers, body = raw(client, TINY, **{"Accept-Encoding": "gzip"})
    assert len(body) < MIN_BYTES
    assert "content-encoding" not in headers
    assert "Accept-Encoding" in headers["vary"]
    assert (
        client.get(
            TINY, headers={"Accept-Encoding": "gzip", "If-None-Match": headers["etag"]}
        ).status_code
        == 304
    )


def test_head_announces_the_compressed_answer_get_sends(client: TestClient) -> None:
    got = client.get(PAGE, headers={"Accept-Encoding": "gzip"})
    head = client.head(PAGE, headers={"Accept-Encoding": "gzip"})
    assert head.content == b""
    for name in ("etag", "content-encoding", "content-length", "vary"):
        assert head.headers[name] == got.headers[name]


def test_problems_and_documents_are_compressed_too(client: TestClient) -> None:
    headers, body = raw(client, "/openapi.json", **{"Accept-Encoding": "gzip"})
    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(body).startswith(b"{")


@pytest.fixture
def compressions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The codings of every compression the server does."""
    done: list[str] = []
    for coding, encoder in list(compression.ENCODERS.items()):

        def counted(
            body: bytes, coding: str = coding, encoder: Callable[[bytes], bytes] = encoder
        ) -> bytes:
            done.append(coding)
            return encoder(body)

        monkeypatch.setitem(compression.ENCODERS, coding, counted)
    return done


def test_a_hot_compressed_page_is_compressed_once_and_kept_compressed(
    seeded_engine: Engine, client_factory: Callable[..., TestClient], compressions: list[str]
) -> None:
    client = client_factory(seeded_engine)
    bodies = {client.get(PAGE, headers={"Accept-Encoding": "gzip"}).content for _ in range(5)}
    etag = client.get(PAGE, headers={"Accept-Encoding": "gzip"}).headers["etag"]
    assert (
        client.get(PAGE, headers={"Accept-Encoding": "gzip", "If-None-Match": etag}).status_code
        == 304
    )
    client.get(PAGE, headers={"Accept-Encoding": "br"})
    client.get(PAGE, headers={"Accept-Encoding": "br;q=1, gzip;q=0.5"})
    assert len(bodies) == 1
    assert compressions == ["gzip", "br"]
    # The cache holds each coding under its own key, and counts the compressed bytes.
    cache = client.app.cache  # type: ignore[attr-defined]
    kept = {key[4]: entry for key, entry in cache.entries.items() if key[0] == "/v1/statements"}
    assert set(kept) == {"gzip", "br"}
    assert all(entry.body[:2] != b'{"' for entry in kept.values())
    assert cache.size == sum(entry.size for entry in cache.entries.values()) + cache.memo_size
