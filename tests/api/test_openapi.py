"""The published document describes every route, its parameters, errors and a real
example, in the shape client generators and documentation tools read best."""

import json
import re
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from briefings.openapi import component_names
from briefings.resources import ALL, REGISTRY
from support import Databases, make_client

JSON = "application/json"
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def document(client: TestClient) -> dict[str, Any]:
    answer: dict[str, Any] = client.get("/openapi.json").json()
    return answer


def operations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The read operations (the writes are tested in tests/living)."""
    return [(path, item["get"]) for path, item in document["paths"].items() if "get" in item]


def test_openapi_is_3_1_and_docs_are_served(client: TestClient) -> None:
    assert client.get("/openapi.json").json()["openapi"].startswith("3.1")
    assert client.get("/docs").status_code == 200


def test_every_collection_documents_its_filters_errors_and_a_seed_example(
    document: dict[str, Any],
) -> None:
    paths = document["paths"]
    for resource in ALL:
        listing = paths[f"/v1/{resource.collection}"]["get"]
        documented = {param["name"] for param in listing["parameters"]}
        assert {f.param.name for f in resource.filters} <= documented
        assert {"limit", "cursor", "sort", "fields", "format"} <= documented
        assert set(listing["responses"]) == {"200", "304", "400", "406", "429", "503"}
        assert PROBLEM in listing["responses"]["400"]["content"]
        item = paths[f"/v1/{resource.collection}/{{record_id}}"]["get"]
        assert item["summary"]
        assert item["responses"]["200"]["content"][JSON]["example"]["data"]["id"] == (
            resource.example_id
        )
        assert "404" in item["responses"]


def test_search_is_documented(document: dict[str, Any]) -> None:
    search = document["paths"]["/v1/search"]["get"]
    params = {param["name"]: param for param in search["parameters"]}
    assert set(params) == {"q", "type", "limit", "offset", "format"}
    assert params["q"]["required"] is True
    assert "statement" in params["type"]["schema"]["items"]["enum"]
    assert params["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert set(search["responses"]) == {"200", "304", "400", "406", "429", "503"}
    assert PROBLEM in search["responses"]["406"]["content"]


def test_the_annotations_route_documents_its_deadline(document: dict[str, Any]) -> None:
    annotations = document["paths"]["/v1/sources/{source_id}/annotations"]["get"]
    assert set(annotations["responses"]) == {"200", "304", "400", "404", "406", "429", "503"}
    assert "Retry-After" in annotations["responses"]["503"]["headers"]


def test_every_read_of_the_api_documents_the_rate_limit_and_the_deadline(
    document: dict[str, Any],
) -> None:
    # Every GET under /v1, the index included, is rate limited and reads under the
    # deadline (db.read): a client generator must know both answers.
    for path, item in document["paths"].items():
        if "get" in item and (path == "/v1" or path.startswith("/v1/")):
            responses = item["get"]["responses"]
            assert {"429", "503"} <= set(responses), path
            assert "Retry-After" in responses["503"]["headers"], path
            assert "ETag" in responses["200"]["headers"], path


def test_every_answer_lists_json_first(document: dict[str, Any]) -> None:
    """Generators type an answer by its first media type: JSON, never CSV or NDJSON."""
    for path, operation in operations(document):
        for status, response in operation["responses"].items():
            media = list(response.get("content", {}))
            if media:
                expected = PROBLEM if int(status) >= 400 else JSON
                assert media[0] == expected, (path, status, media)
    listing = document["paths"]["/v1/statements"]["get"]["responses"]["200"]["content"]
    assert list(listing) == [JSON, "text/csv", "application/x-ndjson"]


def test_operation_ids_are_clean_and_unique(document: dict[str, Any]) -> None:
    ids = [operation["operationId"] for _, operation in operations(document)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch("[a-z][A-Za-z]*", name) for name in ids), ids
    assert {"listStatements", "getStatement", "listCooperationAreas", "getCooperationArea"} <= (
        set(ids)
    )
    assert {"search", "healthz", "readyz", "getSourceAnnotations"} <= set(ids)


def test_components_are_named_once_and_all_used(document: dict[str, Any]) -> None:
    components = document["components"]["schemas"]
    names = set(components)
    assert "HTTPValidationError" not in names
    assert "ValidationError" not in names
    assert not [name for name in names if "__" in name or name.endswith("Out")]
    assert {"Statement", "StatementPage", "StatementDocument", "StatementRef"} <= names
    assert {"ActorDetail", "CooperationArea", "SearchPage", "SearchHit", "Problem"} <= names
    text = json.dumps(document)
    referenced = set(re.findall(r'"#/components/schemas/([^"]+)"', text))
    assert referenced == names
    for kind in ("headers", "responses"):
        for name in document["components"][kind]:
            assert f'"#/components/{kind}/{name}"' in text


def test_a_full_record_requires_every_field(document: dict[str, Any]) -> None:
    """All fields are in every full record (null or [] when empty), so generated types
    need no optional checks; `fields=` is the documented exception."""
    components = document["components"]["schemas"]
    published = component_names(REGISTRY)
    for resource in ALL:
        for model in {resource.schema, resource.detail_schema}:
            schema = components[published[model.__name__]]
            assert schema["required"] == list(schema["properties"]), model.__name__
            assert schema["properties"]["type"]["const"] == resource.type
    fields = next(
        param
        for param in document["paths"]["/v1/statements"]["get"]["parameters"]
        if param["name"] == "fields"
    )
    assert "sparse" in fields["description"]


def discriminated(schema: dict[str, Any]) -> dict[str, str]:
    assert schema["discriminator"]["propertyName"] == "type"
    mapping: dict[str, str] = schema["discriminator"]["mapping"]
    assert sorted(member["$ref"] for member in schema["oneOf"]) == sorted(mapping.values())
    return mapping


def test_mixed_lists_tell_their_types_apart_by_type(document: dict[str, Any]) -> None:
    components = document["components"]["schemas"]
    included = discriminated(components["StatementPage"]["properties"]["included"]["items"])
    assert included == {
        "actor": "#/components/schemas/Actor",
        "cooperation-area": "#/components/schemas/CooperationArea",
        "visit": "#/components/schemas/Visit",
    }
    hit = discriminated(components["SearchHit"]["properties"]["ref"])
    facet = discriminated(components["FacetCount"]["properties"]["ref"])
    assert hit == facet
    assert hit["cooperation-area"] == "#/components/schemas/CooperationAreaRef"
    assert len(hit) == len(ALL)
    speakers = components["Statement"]["properties"]["speakers"]
    assert speakers["items"] == {"$ref": "#/components/schemas/ActorRef"}


def test_tags_are_declared_with_descriptions_in_one_casing(document: dict[str, Any]) -> None:
    tags = {tag["name"]: tag["description"] for tag in document["tags"]}
    assert all(description for description in tags.values())
    assert all(name[0].isupper() for name in tags)
    for _, operation in operations(document):
        assert set(operation["tags"]) <= set(tags)
    assert document["servers"]
    assert document["security"] == []


def test_response_headers_are_documented_and_sent(
    document: dict[str, Any], client: TestClient
) -> None:
    listing = document["paths"]["/v1/statements"]["get"]["responses"]
    assert set(listing["200"]["headers"]) >= {"ETag", "Cache-Control", "Link", "X-Request-Id"}
    assert set(listing["304"]["headers"]) >= {"ETag", "Cache-Control", "X-Request-Id"}
    assert "Retry-After" in listing["503"]["headers"]
    assert "Retry-After" in document["components"]["responses"]["TooManyRequests"]["headers"]
    item = document["paths"]["/v1/statements/{record_id}"]["get"]["responses"]
    assert "Link" not in item["200"]["headers"]

    answer = client.get("/v1/statements?limit=1")
    for name in ("ETag", "Cache-Control", "Link", "X-Request-Id"):
        assert answer.headers[name]
    again = client.get("/v1/statements?limit=1", headers={"If-None-Match": answer.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["ETag"] == answer.headers["ETag"]


def example_request(path: str, operation: dict[str, Any]) -> str:
    """The request Swagger UI's "Try it out" sends: every parameter with an example, filled
    in with it."""
    query: list[tuple[str, str]] = []
    for param in operation.get("parameters", []):
        if "example" not in param:
            assert not param["required"], (path, param["name"])
            continue
        example = param["example"]
        if param["in"] == "path":
            path = path.replace(f"{{{param['name']}}}", str(example))
        else:
            values = example if isinstance(example, list) else [example]
            query += [(param["name"], str(value)) for value in values]
    return path + (f"?{urlencode(query)}" if query else "")


def test_every_operation_run_with_its_examples_finds_data(
    document: dict[str, Any], client: TestClient
) -> None:
    tried = []
    for path, operation in operations(document):
        url = example_request(path, operation)
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.text)
        body = answer.json()
        if path.startswith("/v1/") and not path.endswith("/annotations"):
            data = body["data"]
            assert data if isinstance(data, list) else data["id"], url
        tried.append(url)
    assert "/v1/search?q=kazakhstan&type=statement" in tried
    assert f"/v1/places/{REGISTRY.resources['place'].example_id}" in tried


def test_every_example_answer_is_the_answer_to_its_own_url(
    document: dict[str, Any], client: TestClient
) -> None:
    """An example is a real answer: requesting its `links.self` gives it again."""
    shown = []
    for path, operation in operations(document):
        example = operation["responses"]["200"]["content"][JSON]["example"]
        if path.startswith("/v1/") and not path.endswith("/annotations"):
            assert client.get(example["links"]["self"]).json() == example
            shown.append(example["links"]["self"])
    assert "/v1/statements?limit=1" in shown
    assert "/v1/search?q=kazakhstan&type=statement&limit=2&offset=0" in shown
    listing = document["paths"]["/v1/statements"]["get"]["responses"]["200"]["content"][JSON]
    assert listing["example"]["links"]["next"]
    assert listing["example"]["meta"]["total"] > 1


def test_the_document_is_served_on_a_database_never_migrated(databases: Databases) -> None:
    """Its examples come from the data; without any, it is the same document without
    them, never a 500."""
    answer = make_client(databases.empty()).get("/openapi.json")
    assert answer.status_code == 200
    assert "/v1/statements" in answer.json()["paths"]
