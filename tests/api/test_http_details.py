"""HTTP details a client relies on: what a 304 and a 500 carry, links behind a path
prefix, the /v1 index, whole numbers as integers."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from briefings.config import Settings
from briefings.serving.server import create_server

ORIGIN = {"Origin": "https://app.example.org"}
REPEATED = ("etag", "cache-control", "vary", "access-control-allow-origin")


@pytest.mark.parametrize("cache_bytes", [64 * 1024 * 1024, 0])
@pytest.mark.parametrize("accept_encoding", ["identity", "gzip"])
@pytest.mark.parametrize("url", ["/v1/statements?limit=2", "/v1/actors/murat-nurtleu", "/v1"])
def test_a_304_carries_the_headers_of_the_200(
    seeded_engine: Engine,
    client_factory: Callable[..., TestClient],
    cache_bytes: int,
    accept_encoding: str,
    url: str,
) -> None:
    client = client_factory(seeded_engine, response_cache_bytes=cache_bytes)
    asked = {**ORIGIN, "Accept-Encoding": accept_encoding}
    full = client.get(url, headers=asked)
    again = client.get(url, headers={**asked, "If-None-Match": full.headers["etag"]})
    assert again.status_code == 304
    for name in REPEATED:
        assert again.headers[name] == full.headers[name], name
    # What a browser script may read of it: the ETag and the request id.
    exposed = again.headers["access-control-expose-headers"]
    assert "ETag" in exposed
    assert "X-Request-Id" in exposed
    assert again.headers["x-request-id"]


def test_a_500_carries_cors_headers_and_the_request_id(
    seeded_engine: Engine, client_factory: Callable[..., TestClient]
) -> None:
    client = client_factory(seeded_engine)

    @client.app.app.get("/boom")  # type: ignore[attr-defined,untyped-decorator]
    def boom() -> None:
        raise RuntimeError("secret internals")

    response = client.get("/boom", headers={**ORIGIN, "X-Request-Id": "req-42"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["access-control-allow-origin"] == "*"
    assert "X-Request-Id" in response.headers["access-control-expose-headers"]
    assert response.headers["x-request-id"] == "req-42"
    assert response.json()["request_id"] == "req-42"


def test_a_problem_carries_cors_headers(client: TestClient) -> None:
    response = client.get("/v1/statements?limit=0", headers=ORIGIN)
    assert response.status_code == 400
    assert response.headers["access-control-allow-origin"] == "*"


def prefixed_client(engine: Engine, peer: str, **settings: object) -> TestClient:
    server = create_server(Settings(database_url=str(engine.url), **settings), engine=engine)  # type: ignore[arg-type]
    return TestClient(server, client=(peer, 40000))


def test_links_start_with_the_configured_root_path(seeded_engine: Engine) -> None:
    client = prefixed_client(seeded_engine, "127.0.0.1", root_path="/briefings/")
    page = client.get("/v1/statements?limit=1&include=speaker")
    body = page.json()
    assert body["links"]["self"] == "/briefings/v1/statements?limit=1&include=speaker"
    assert body["links"]["next"].startswith("/briefings/v1/statements?")
    assert page.headers["link"].startswith("</briefings/v1/statements?")
    record = body["data"][0]
    assert record["evidence"][0]["href"].startswith("/briefings/v1/sources/")
    assert body["included"]
    assert '"/v1/' not in page.text
    hrefs = [ref["href"] for ref in record["areas"]]
    assert hrefs
    assert all(href.startswith("/briefings/v1/cooperation-areas/") for href in hrefs)
    item = client.get("/v1/actors/murat-nurtleu").json()
    assert item["links"]["self"] == "/briefings/v1/actors/murat-nurtleu"
    search = client.get("/v1/search?q=bichkek&limit=1").json()
    assert search["links"]["self"].startswith("/briefings/v1/search?")
    assert search["data"][0]["ref"]["href"].startswith("/briefings/v1/")
    problem = client.get("/v1/statements?limit=0").json()
    assert problem["instance"] == "/briefings/v1/statements?limit=0"
    index = client.get("/v1").json()
    assert {link["href"] for link in index["data"]} >= {"/briefings/v1/statements"}
    assert index["links"]["docs"] == "/briefings/docs"


def test_a_trusted_proxy_names_the_prefix(seeded_engine: Engine) -> None:
    client = prefixed_client(seeded_engine, "10.1.2.3", trusted_proxies=["10.0.0.0/8"])
    told = {"X-Forwarded-Prefix": "/news-api"}
    assert client.get("/v1/visits", headers=told).json()["links"]["self"] == "/news-api/v1/visits"
    # The same URL without the header is another answer, not the cached prefixed one.
    assert client.get("/v1/visits").json()["links"]["self"] == "/v1/visits"
    # A prefix that is not a plain path is ignored.
    for bad in ("//evil.example", "/a/../b", "/x?y", "https://evil.example"):
        answer = client.get("/v1/visits", headers={"X-Forwarded-Prefix": bad})
        assert answer.json()["links"]["self"] == "/v1/visits", bad


def test_a_prefix_from_an_untrusted_peer_is_ignored(seeded_engine: Engine) -> None:
    client = prefixed_client(seeded_engine, "192.0.2.7", trusted_proxies=["10.0.0.0/8"])
    answer = client.get("/v1/visits", headers={"X-Forwarded-Prefix": "/elsewhere"})
    assert answer.json()["links"]["self"] == "/v1/visits"


def test_a_root_path_that_is_not_a_path_is_refused() -> None:
    with pytest.raises(ValueError, match="root_path"):
        Settings(root_path="briefings?x=1")


def test_v1_lists_every_collection_with_a_link_that_answers(client: TestClient) -> None:
    response = client.get("/v1")
    assert response.status_code == 200
    assert response.headers["etag"]
    index = response.json()
    assert len(index["data"]) == 9
    for collection in index["data"]:
        listed = client.get(collection["href"] + "?limit=1").json()
        assert listed["data"][0]["type"] == collection["record_type"]
    assert client.get(index["links"]["search"] + "?q=eau").status_code == 200
    assert client.get(index["links"]["openapi"]).status_code == 200
    assert index["meta"]["revision"] >= 1
    assert client.get("/v1", headers={"If-None-Match": response.headers["etag"]}).status_code == 304
    cache = client.app.cache  # type: ignore[attr-defined]
    assert any(key[0] == "/v1" for key in cache.entries)


def test_whole_figure_values_are_json_integers(client: TestClient) -> None:
    text = client.get("/v1/figures?limit=500").text
    values = {figure["id"]: figure["value"] for figure in client.get("/v1/figures").json()["data"]}
    assert all(isinstance(value, int) for value in values.values())
    assert '"value":1700000000,' in text
    assert '"value":3,' in text


def test_annotation_ids_start_with_the_root_path(seeded_engine: Engine) -> None:
    client = prefixed_client(seeded_engine, "127.0.0.1", root_path="/briefings")
    source = client.get("/v1/sources?limit=1").json()["data"][0]["id"]
    text = client.get(f"/v1/sources/{source}/annotations?limit=2&page=1").text
    assert '"/v1/' not in text
    assert f'"/briefings/v1/sources/{source}' in text


def test_a_proxy_that_passes_the_prefix_on_gets_the_same_links(seeded_engine: Engine) -> None:
    client = prefixed_client(seeded_engine, "127.0.0.1", root_path="/briefings")
    passed = client.get("/briefings/v1/visits")
    stripped = client.get("/v1/visits")
    assert passed.status_code == 200
    assert passed.json()["links"]["self"] == "/briefings/v1/visits"
    assert passed.content == stripped.content
