"""Hardening every answer carries: security headers, no reflected Host, safe request ids."""

import pytest
from fastapi.testclient import TestClient

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'"


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/v1/places", {}, 200),
        ("/v1/places", {"Accept": "text/csv"}, 200),
        ("/v1/places?bogus=1", {}, 400),
        ("/v1/nothing", {}, 404),
        ("/v1/places", {"Accept": "image/png"}, 406),
        ("/openapi.json", {}, 200),
        ("/healthz", {}, 200),
    ],
)
def test_every_answer_carries_the_security_headers(
    client: TestClient, path: str, headers: dict[str, str], status: int
) -> None:
    answer = client.get(path, headers=headers)
    assert answer.status_code == status
    for name, value in SECURITY_HEADERS.items():
        assert answer.headers[name] == value
    assert answer.headers["content-security-policy"] == DATA_POLICY


def test_answers_from_memory_carry_them_too(client: TestClient) -> None:
    first = client.get("/v1/places")
    replayed = client.get("/v1/places")
    not_modified = client.get("/v1/places", headers={"If-None-Match": first.headers["etag"]})
    assert not_modified.status_code == 304
    for answer in (replayed, not_modified):
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers.get_list("content-security-policy") == [DATA_POLICY]


def test_the_docs_page_loads_swagger_ui_from_this_server_only(client: TestClient) -> None:
    answer = client.get("/docs")
    assert answer.status_code == 200
    policy = answer.headers["content-security-policy"]
    assert '<script src="docs/assets/swagger-ui-bundle.js">' in answer.text
    assert "https://" not in answer.text
    assert "script-src 'self';" in policy
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "connect-src 'self'" in policy
    assert answer.headers["x-frame-options"] == "DENY"


def test_a_trailing_slash_is_a_problem_not_a_redirect_to_the_given_host(
    client: TestClient,
) -> None:
    answer = client.get("/v1/places/", headers={"Host": "evil.example"}, follow_redirects=False)
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"
    assert "location" not in answer.headers
    assert "evil.example" not in answer.text


@pytest.mark.parametrize("given", ["abc", "req-1.2_3", "A" * 64])
def test_a_safe_client_request_id_is_kept(client: TestClient, given: str) -> None:
    answer = client.get("/v1/nothing", headers={"X-Request-Id": given})
    assert answer.headers["x-request-id"] == given
    assert answer.json()["request_id"] == given


@pytest.mark.parametrize(
    "given",
    [b"A" * 65, b"a b", b"<script>", b"id\tx", b"x;y", "ü".encode(), b'"quoted"', b"a/b"],
)
def test_an_unsafe_client_request_id_is_replaced(client: TestClient, given: bytes) -> None:
    answer = client.get("/v1/nothing", headers=[(b"X-Request-Id", given)])
    made = answer.headers["x-request-id"]
    assert made.encode() != given
    assert len(made) == 22
    assert answer.json()["request_id"] == made
