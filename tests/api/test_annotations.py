"""GET /v1/sources/{id}/annotations: the evidence of a source as W3C Web Annotations."""

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from briefings.models import Evidence
from briefings.resources.sources.annotations import quote_selector

SOURCE = "kazakhstan-kyrgyzstan-2025-08-01"
URL = f"/v1/sources/{SOURCE}/annotations"
LD_JSON = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


def every_annotation(client: TestClient, limit: int = 20) -> list[dict[str, Any]]:
    """Walks the pages from the collection's embedded first page along ``next``."""
    collection = client.get(f"{URL}?limit={limit}").json()
    page = collection["first"]
    items = list(page["items"])
    while "next" in page:
        page = client.get(page["next"]).json()
        assert page["partOf"]["id"] == collection["id"]
        items += page["items"]
    return items


def anchor(text: str, quote: dict[str, Any]) -> list[int]:
    """Where a TextQuoteSelector fits the text, found from its words alone."""
    found = []
    at = text.find(quote["exact"])
    while at != -1:
        before = text[:at]
        after = text[at + len(quote["exact"]) :]
        if before.endswith(quote["prefix"]) and after.startswith(quote["suffix"]):
            found.append(at)
        at = text.find(quote["exact"], at + 1)
    return found


def test_the_collection_is_a_web_annotation_document(client: TestClient) -> None:
    response = client.get(f"{URL}?limit=2", headers={"Accept": "application/ld+json"})

    assert response.status_code == 200
    assert response.headers["content-type"] == LD_JSON
    body = response.json()
    assert body["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert body["type"] == "AnnotationCollection"
    assert body["first"]["type"] == "AnnotationPage"
    assert body["first"]["startIndex"] == 0
    assert body["first"]["next"] == f"{URL}?limit=2&page=2"
    annotation = body["first"]["items"][0]
    assert annotation["type"] == "Annotation"
    assert annotation["motivation"] == "describing"
    assert annotation["target"]["source"] == f"/v1/sources/{SOURCE}"
    assert [s["type"] for s in annotation["target"]["selector"]] == [
        "TextQuoteSelector",
        "TextPositionSelector",
    ]


def test_every_annotation_is_found_again_from_its_quote_alone(
    client: TestClient, seeded_engine: Engine
) -> None:
    text = client.get(f"/v1/sources/{SOURCE}").json()["data"]["text"]
    annotations = every_annotation(client, limit=7)

    with Session(seeded_engine) as session:
        spans = session.scalar(
            select(func.count()).select_from(Evidence).where(Evidence.source_id == SOURCE)
        )
    assert len(annotations) == spans
    assert len({a["id"] for a in annotations}) == spans
    for annotation in annotations:
        quote, position = annotation["target"]["selector"]
        assert len(quote["prefix"]) <= 32 or len(anchor(text, {**quote, "prefix": ""})) > 1
        assert anchor(text, quote) == [position["start"]], annotation["id"]
        assert position["end"] - position["start"] == len(quote["exact"])


def test_each_body_is_the_record_the_span_supports(client: TestClient) -> None:
    annotations = every_annotation(client, limit=100)
    bodies = {a["body"]["id"] for a in annotations}

    assert "/v1/statements/kyrgyzstan-water-commitment" in bodies
    assert "/v1/actors/kazakhstan" in bodies
    record = client.get("/v1/statements/kyrgyzstan-water-commitment").json()["data"]
    first = next(
        a for a in annotations if a["id"] == "/v1/statements/kyrgyzstan-water-commitment#evidence-0"
    )
    assert first["target"]["selector"][1] == {
        "type": "TextPositionSelector",
        "start": record["evidence"][0]["start"],
        "end": record["evidence"][0]["end"],
    }


def test_a_later_page_names_its_collection_and_total(client: TestClient) -> None:
    body = client.get(f"{URL}?limit=5&page=2").json()

    assert body["type"] == "AnnotationPage"
    assert body["startIndex"] == 5
    assert body["prev"] == f"{URL}?limit=5&page=1"
    assert body["partOf"]["type"] == "AnnotationCollection"
    assert body["partOf"]["total"] >= 50
    assert len(body["items"]) == 5


def test_a_quote_repeated_in_the_text_gets_context_until_it_is_unique() -> None:
    text = "ab " * 40 + "ab"
    start = 60
    quote = quote_selector(text, start, start + 2)

    assert anchor(text, quote) == [start]
    assert len(quote["prefix"]) > 32 or len(quote["suffix"]) > 32


def test_plain_json_clients_get_it_as_json(client: TestClient) -> None:
    response = client.get(URL, headers={"Accept": "application/json"})

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json()["type"] == "AnnotationCollection"


def test_other_media_types_get_a_406_problem(client: TestClient) -> None:
    response = client.get(URL, headers={"Accept": "text/csv"})

    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"
    assert "application/ld+json" in response.json()["detail"]


def test_an_unknown_source_is_a_404_problem(client: TestClient) -> None:
    response = client.get("/v1/sources/no-such-article/annotations")

    assert response.status_code == 404
    assert response.json()["detail"].startswith("no source with id 'no-such-article'")


def test_a_page_past_the_last_is_empty_and_points_back_to_the_last(client: TestClient) -> None:
    body = client.get(f"{URL}?limit=100&page=3").json()

    assert body["items"] == []
    assert "next" not in body
    assert body["prev"] == f"{URL}?limit=100&page=1"


def test_a_page_that_is_not_a_number_is_a_400_problem_naming_it(client: TestClient) -> None:
    response = client.get(f"{URL}?page=two")

    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "page"


def test_a_known_copy_gets_304(client: TestClient) -> None:
    etag = client.get(URL).headers["etag"]

    again = client.get(URL, headers={"If-None-Match": etag})

    assert again.status_code == 304
    assert again.content == b""


def test_the_route_is_documented_with_an_example(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/v1/sources/{source_id}/annotations"][
        "get"
    ]

    example = operation["responses"]["200"]["content"][LD_JSON]["example"]
    assert example["type"] == "AnnotationCollection"
    assert {"400", "404", "406"} <= set(operation["responses"])
