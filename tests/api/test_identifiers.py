"""Shared identifiers: Wikidata (and GeoNames for places), only where known for certain."""

import csv
import io

from fastapi.testclient import TestClient


def test_an_actor_carries_its_wikidata_id(client: TestClient) -> None:
    actor = client.get("/v1/actors/kazakhstan").json()["data"]

    assert actor["identifiers"] == {"wikidata": "Q232"}


def test_an_unknown_id_is_null(client: TestClient) -> None:
    actor = client.get("/v1/actors/murat-nurtleu").json()["data"]
    place = client.get("/v1/places/karasu").json()["data"]

    assert actor["identifiers"] == {"wikidata": None}
    assert place["identifiers"] == {"wikidata": None, "geonames": None}


def test_a_capital_carries_its_wikidata_and_geonames_ids(client: TestClient) -> None:
    place = client.get("/v1/places/bishkek").json()["data"]

    assert place["identifiers"] == {"wikidata": "Q9361", "geonames": "1528675"}


def test_the_wikidata_filter_finds_the_record(client: TestClient) -> None:
    actors = client.get("/v1/actors?wikidata=Q813&wikidata=Q38").json()["data"]
    places = client.get("/v1/places?wikidata=Q9361").json()["data"]

    assert sorted(a["id"] for a in actors) == ["italy", "kyrgyzstan"]
    assert [p["id"] for p in places] == ["bishkek"]


def test_an_unknown_wikidata_id_finds_nothing(client: TestClient) -> None:
    body = client.get("/v1/actors?wikidata=Q1").json()

    assert body["data"] == []
    assert body["meta"]["total"] == 0


def test_a_malformed_wikidata_id_is_a_400_problem_naming_the_parameter(
    client: TestClient,
) -> None:
    for value in ("232", "Q0232", "q232", "Q"):
        response = client.get(f"/v1/places?wikidata={value}")

        assert response.status_code == 400, value
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["errors"][0]["parameter"] == "wikidata"


def test_csv_shows_the_identifiers_as_columns(client: TestClient) -> None:
    text = client.get("/v1/places?format=csv&sort=id").text
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}

    assert rows["bishkek"]["identifiers.wikidata"] == "Q9361"
    assert rows["bishkek"]["identifiers.geonames"] == "1528675"
    assert rows["karasu"]["identifiers.wikidata"] == ""
