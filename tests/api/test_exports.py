"""CSV and NDJSON exports: columns fixed per collection, a file name, search included."""

import csv
import io

import orjson
import pytest
from fastapi.testclient import TestClient

from briefings.kit.formats import csv_columns, to_csv
from briefings.resources import REGISTRY


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_walking_statements_one_per_page_in_csv_gives_one_header(client: TestClient) -> None:
    url: str | None = "/v1/statements?format=csv&limit=1"
    headers = set()
    records = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        header, *data = rows(response.text)
        headers.add(tuple(header))
        records += len(data)
        link = response.headers.get("link")
        url = link[1 : link.index(">")] if link else None
    assert len(headers) == 1
    assert records == client.get("/v1/statements?limit=1").json()["meta"]["total"]
    # A statement with no speaker and one with a speaker fill the same column.
    assert "speaker.id" in headers.pop()


@pytest.mark.parametrize("collection", [r.collection for r in REGISTRY.resources.values()])
def test_every_collection_has_its_csv_columns_from_its_schema(
    client: TestClient, collection: str
) -> None:
    resource = next(r for r in REGISTRY.resources.values() if r.collection == collection)
    expected = [".".join(column) for column in csv_columns(resource.schema)]
    full = rows(client.get(f"/v1/{collection}?format=csv&limit=500").text)
    assert full[0] == expected
    assert rows(to_csv([], resource.schema).decode()) == [expected]
    assert all(len(row) == len(expected) for row in full)


def test_fields_keeps_those_columns_in_schema_order(client: TestClient) -> None:
    text = client.get("/v1/statements?format=csv&limit=3&fields=speaker,kind").text
    assert rows(text)[0] == ["id", "type", "kind", "speaker.id"]


@pytest.mark.parametrize(
    ("url", "filename"),
    [
        ("/v1/statements?format=csv", "statements.csv"),
        ("/v1/cooperation-areas?format=ndjson", "cooperation-areas.ndjson"),
        ("/v1/search?q=eau&format=csv", "search.csv"),
        ("/v1/search?q=eau&format=ndjson", "search.ndjson"),
    ],
)
def test_an_export_is_an_attachment_with_a_file_name(
    client: TestClient, url: str, filename: str
) -> None:
    response = client.get(url)
    assert response.headers["content-disposition"] == f'attachment; filename="{filename}"'


def test_json_is_not_an_attachment(client: TestClient) -> None:
    assert "content-disposition" not in client.get("/v1/statements").headers


def test_search_answers_csv_with_one_row_per_hit(client: TestClient) -> None:
    hits = client.get("/v1/search?q=bichkek&limit=5").json()["data"]
    response = client.get("/v1/search?q=bichkek&limit=5", headers={"Accept": "text/csv"})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    header, *data = rows(response.text)
    assert header == ["type", "id", "name.fr", "name.en", "href", "score", "snippet"]
    assert [(row[0], row[1], row[4]) for row in data] == [
        (hit["type"], hit["id"], hit["ref"]["href"]) for hit in hits
    ]


def test_search_answers_ndjson_with_one_hit_per_line(client: TestClient) -> None:
    hits = client.get("/v1/search?q=bichkek&limit=5").json()["data"]
    response = client.get("/v1/search?q=bichkek&limit=5&format=ndjson")
    assert response.headers["content-type"] == "application/x-ndjson"
    assert [orjson.loads(line) for line in response.content.splitlines()] == hits


def test_search_pages_of_csv_link_to_the_next_page_in_csv(client: TestClient) -> None:
    response = client.get("/v1/search?q=kazakhstan&limit=1&format=csv")
    assert "format=csv" in response.headers["link"]


def test_search_refuses_an_unknown_format(client: TestClient) -> None:
    response = client.get("/v1/search?q=eau&format=xml")
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "format"
