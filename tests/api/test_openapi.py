"""The published document describes every route, its parameters, errors and a real example."""

from fastapi.testclient import TestClient

from briefings.resources import ALL


def test_openapi_is_3_1_and_docs_are_served(client: TestClient) -> None:
    assert client.get("/openapi.json").json()["openapi"].startswith("3.1")
    assert client.get("/docs").status_code == 200


def test_every_collection_documents_its_filters_errors_and_a_seed_example(
    client: TestClient,
) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for resource in ALL:
        listing = paths[f"/v1/{resource.collection}"]["get"]
        documented = {param["name"] for param in listing["parameters"]}
        assert {f.param.name for f in resource.filters} <= documented
        assert {"limit", "cursor", "sort", "fields", "format"} <= documented
        assert set(listing["responses"]) == {"200", "304", "400", "406", "429", "503"}
        assert "application/problem+json" in listing["responses"]["400"]["content"]
        example = listing["responses"]["200"]["content"]["application/json"]["example"]
        assert example["data"][0]["id"] == resource.example_id
        item = paths[f"/v1/{resource.collection}/{{record_id}}"]["get"]
        assert item["summary"]
        assert (
            item["responses"]["200"]["content"]["application/json"]["example"]["data"]["id"]
            == resource.example_id
        )
        assert "404" in item["responses"]


def test_search_is_documented(client: TestClient) -> None:
    search = client.get("/openapi.json").json()["paths"]["/v1/search"]["get"]
    assert {param["name"] for param in search["parameters"]} >= {"q", "type", "limit"}


def test_search_documents_the_parameters_it_parses(client: TestClient) -> None:
    search = client.get("/openapi.json").json()["paths"]["/v1/search"]["get"]
    params = {param["name"]: param for param in search["parameters"]}
    assert set(params) == {"q", "type", "limit", "offset"}
    assert params["q"]["required"] is True
    assert "statement" in params["type"]["schema"]["items"]["enum"]
    assert params["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert set(search["responses"]) == {"200", "304", "400", "406", "429", "503"}
    assert "application/problem+json" in search["responses"]["406"]["content"]
