"""One parameter parser and one error style for every route, search included."""

import pytest
from fastapi.testclient import TestClient

# The same mistake on a collection and on search, with what is needed to make it valid.
ROUTES = [
    pytest.param("/v1/places?", id="collection"),
    pytest.param("/v1/search?q=eau&", id="search"),
]


def _errors(client: TestClient, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    errors: list[dict[str, str]] = response.json()["errors"]
    return errors


@pytest.mark.parametrize("route", ROUTES)
def test_a_parameter_given_twice_that_takes_one_value_is_a_400(
    client: TestClient, route: str
) -> None:
    assert _errors(client, route + "limit=5&limit=6") == [
        {"parameter": "limit", "message": "given more than once; it takes one value"}
    ]


@pytest.mark.parametrize("route", ROUTES)
def test_a_limit_out_of_range_says_the_range(client: TestClient, route: str) -> None:
    [error] = _errors(client, route + "limit=0")
    assert error["parameter"] == "limit"
    assert error["message"].startswith("must be between 1 and ")
    assert error["message"].endswith(", got 0")


@pytest.mark.parametrize("route", ROUTES)
def test_an_unknown_parameter_is_named_with_what_the_route_takes(
    client: TestClient, route: str
) -> None:
    [error] = _errors(client, route + "colour=blue")
    assert error["parameter"] == "colour"
    assert error["message"].startswith("unknown parameter; this route takes: ")
    assert "limit" in error["message"]


def test_an_empty_q_is_the_same_mistake_on_a_collection_and_on_search(
    client: TestClient,
) -> None:
    [on_collection] = _errors(client, "/v1/places?q=")
    [on_search] = _errors(client, "/v1/search?q=")
    assert on_collection["message"].startswith("empty value; ")
    assert on_search["message"] == "empty value; this route requires a value"


def test_search_without_q_names_it(client: TestClient) -> None:
    assert _errors(client, "/v1/search?limit=3") == [
        {"parameter": "q", "message": "missing; this route requires it"}
    ]


@pytest.mark.parametrize(
    "url", ["/v1/search?q=eau", "/v1/places", "/v1/places/bishkek", "/healthz", "/openapi.json"]
)
def test_head_answers_get_s_headers_without_a_body(client: TestClient, url: str) -> None:
    got = client.get(url)
    head = client.head(url)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers.get("etag") == got.headers.get("etag")
    assert head.headers["content-type"] == got.headers["content-type"]


@pytest.mark.parametrize("url", ["/v1", "/v1/places/bishkek"])
def test_a_route_that_gives_only_json_answers_csv_with_a_406(client: TestClient, url: str) -> None:
    response = client.get(url, headers={"Accept": "text/csv"})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"
    assert "application/json only" in response.json()["detail"]


@pytest.mark.parametrize(
    "url", ["/v1/search", "/v1/places", "/v1/sources/kazakhstan-kyrgyzstan-2025-08-01", "/healthz"]
)
def test_a_405_lists_head_with_get_in_allow(client: TestClient, url: str) -> None:
    response = client.delete(url)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"
    assert response.headers["content-type"] == "application/problem+json"


def test_a_405_on_a_record_lists_its_write_methods_too(client: TestClient) -> None:
    response = client.post("/v1/places/bishkek")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, PUT, PATCH, DELETE, HEAD"


def test_a_q_of_a_control_character_is_not_blank_and_matches_nothing(client: TestClient) -> None:
    # U+001F passes the document's pattern \S (ECMA-262 white space excludes it), so it
    # is valid input: no word, no hit, never a 400 the document does not promise.
    response = client.get("/v1/search", params={"q": "\x1f"})
    assert response.status_code == 200
    assert response.json()["meta"]["total"] == 0


def test_a_q_of_white_space_only_is_blank(client: TestClient) -> None:
    response = client.get("/v1/search", params={"q": " \t\u3000"})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"parameter": "q", "message": "blank; give at least one word"}
    ]


@pytest.mark.parametrize("route", ["/v1/search", "/v1/statements"])
def test_a_value_that_is_not_utf_8_is_a_400_naming_it(client: TestClient, route: str) -> None:
    """%C3%28 is not UTF-8: searching for what Starlette would make of it (U+FFFD) would
    answer a question never asked."""
    assert _errors(client, f"{route}?q=%C3%28") == [
        {"parameter": "q", "message": "not UTF-8: percent-encode the UTF-8 bytes of the text"}
    ]


def test_an_encoded_replacement_character_is_text_like_any_other(client: TestClient) -> None:
    assert client.get("/v1/search?q=%EF%BF%BD").status_code == 200
