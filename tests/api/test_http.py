"""HTTP behaviour shared by every route: errors, CORS, request ids."""

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import Engine


def test_an_unknown_route_is_a_404_problem(client: TestClient) -> None:
    response = client.get("/v2/visits")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["title"] == "Not found"


def test_a_write_method_is_a_405_problem(client: TestClient) -> None:
    response = client.post("/v1/visits", json={})
    assert response.status_code == 405
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "POST is not allowed on /v1/visits; allowed: GET, HEAD"


def test_several_bad_parameters_are_all_named_at_once(client: TestClient) -> None:
    response = client.get("/v1/statements?limit=0&kind=rumour&date_from=yesterday&sort=colour")
    assert response.status_code == 400
    named = {error["parameter"] for error in response.json()["errors"]}
    assert named == {"limit", "kind", "date_from"}


def test_a_parameter_given_twice_that_takes_one_value_is_a_400(client: TestClient) -> None:
    response = client.get("/v1/statements?limit=1&limit=2")
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "limit"


def test_a_cursor_made_for_another_sort_is_a_400(client: TestClient) -> None:
    next_url = client.get("/v1/statements?limit=1&sort=date").json()["links"]["next"]
    cursor = next_url.split("cursor=")[1]
    response = client.get(f"/v1/statements?limit=1&sort=kind&cursor={cursor}")
    assert response.status_code == 400
    assert "sort" in response.json()["errors"][0]["message"]


def test_reads_are_open_to_any_origin_by_default(client: TestClient) -> None:
    response = client.get("/v1/visits", headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "ETag" in response.headers["access-control-expose-headers"]


def test_cors_origins_are_configurable(
    seeded_engine: Engine, client_factory: Callable[..., TestClient]
) -> None:
    client = client_factory(seeded_engine, cors_origins=["https://app.example.org"])
    allowed = client.get("/v1/visits", headers={"Origin": "https://app.example.org"})
    refused = client.get("/v1/visits", headers={"Origin": "https://elsewhere.example.org"})
    assert allowed.headers["access-control-allow-origin"] == "https://app.example.org"
    assert "access-control-allow-origin" not in refused.headers


def test_an_unexpected_failure_is_a_500_problem_with_a_request_id_and_no_trace(
    seeded_engine: Engine, client_factory: Callable[..., TestClient]
) -> None:
    client = client_factory(seeded_engine)

    @client.app.app.get("/boom")  # type: ignore[attr-defined,untyped-decorator]
    def boom() -> None:
        raise RuntimeError("secret internals")

    response = client.get("/boom", headers={"X-Request-Id": "abc123"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["request_id"] == "abc123"
    assert "abc123" in problem["detail"]
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text


def test_every_answer_carries_its_own_request_id(client: TestClient) -> None:
    first = client.get("/v1/visits").headers["x-request-id"]
    second = client.get("/v1/visits").headers["x-request-id"]
    assert first
    assert second
    assert first != second
    assert (
        client.get("/v1/visits", headers={"X-Request-Id": "mine"}).headers["x-request-id"] == "mine"
    )
