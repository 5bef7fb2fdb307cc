"""Real questions about the article, answered through the API.

The same table runs on SQLite and PostgreSQL: the answers must not depend on the
database.
"""

import pytest
from fastapi.testclient import TestClient

QUESTIONS = [
    (
        "What did Kyrgyzstan commit to on water?",
        "/v1/statements?speaker=kyrgyzstan&kind=commitment&area=water",
        ["kyrgyzstan-water-commitment"],
    ),
    (
        "All figures about trade since 2024",
        "/v1/figures?area=trade&date_from=2024-01-01",
        ["kz-kg-trade-2024"],
    ),
    (
        "Figures from the largest value down",
        "/v1/figures?sort=-value",
        ["kz-kg-trade-target", "kz-kg-trade-2024", "kz-rank-kg-trade-partners"],
    ),
    (
        "Who visited Bishkek, and when?",
        "/v1/visits?place=bishkek&date_from=2025-08-01&date_to=2025-08-01",
        ["nurtleu-bishkek-2025-08-01"],
    ),
    (
        "What did Eurasianet report?",
        "/v1/statements?reported_by=eurasianet",
        ["meloni-central-asia-proposal"],
    ),
    (
        "What was said on the day of the visit?",
        "/v1/statements?date_from=2025-08-01&date_to=2025-08-01",
        ["nurtleu-trade-quote"],
    ),
    (
        "Which projects involving Kyrgyzstan are under way?",
        "/v1/projects?status=in-progress&country=KG",
        [
            "karasu-logistics-complex",
            "kazakh-language-schools-kyrgyzstan",
            "university-exchange-programmes",
        ],
    ),
    (
        "Which projects are only proposed or discussed? (a repeated filter is OR)",
        "/v1/projects?status=proposed&status=discussed&sort=status,id",
        [
            "cross-border-entrepreneurship-support",
            "regional-tourism-corridors",
            "visa-facilitation",
            "italy-eurasian-heartland-strategy",
            "joint-cultural-centres",
        ],
    ),
    (
        "The two countries as actors",
        "/v1/actors?kind=country&country=KZ&country=KG",
        ["kazakhstan", "kyrgyzstan"],
    ),
    (
        "Which projects belong to the energy area?",
        "/v1/projects?area=energy",
        ["italy-eurasian-heartland-strategy"],
    ),
    (
        "Projects mentioning Karasu, found by their text",
        "/v1/projects?q=karasu",
        ["karasu-logistics-complex"],
    ),
]


@pytest.mark.parametrize(("question", "url", "expected"), QUESTIONS, ids=[q[0] for q in QUESTIONS])
def test_question(client: TestClient, question: str, url: str, expected: list[str]) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert [item["id"] for item in response.json()["data"]] == expected


def test_facets_count_the_filtered_set_per_value(client: TestClient) -> None:
    body = client.get("/v1/projects?country=KG&facet=status&facet=area&fields=id").json()
    statuses = {f["value"]: f["count"] for f in body["meta"]["facets"]["status"]}
    assert statuses == {"in-progress": 3, "discussed": 3, "proposed": 1}
    assert sum(statuses.values()) == body["meta"]["total"]
    areas = body["meta"]["facets"]["area"]
    assert all(f["ref"]["href"] == f"/v1/cooperation-areas/{f['value']}" for f in areas)


def test_facet_counts_follow_the_filters(client: TestClient) -> None:
    everything = client.get("/v1/statements?facet=kind&limit=1").json()["meta"]["facets"]["kind"]
    commitments = client.get("/v1/statements?kind=commitment&facet=kind").json()["meta"]["facets"][
        "kind"
    ]
    assert commitments == [f for f in everything if f["value"] == "commitment"]


def test_a_statement_renders_with_its_speaker_in_one_request(client: TestClient) -> None:
    statement = client.get("/v1/statements/nurtleu-trade-quote").json()["data"]
    assert statement["speaker"] == {
        "id": "murat-nurtleu",
        "type": "actor",
        "name": {"fr": "Murat Nurtleu", "en": "Murat Nurtleu"},
        "href": "/v1/actors/murat-nurtleu",
    }
    assert statement["kind"] == "direct-quote"
    assert statement["text"].startswith("Le commerce entre nos deux pays")


def test_include_embeds_the_referenced_records(client: TestClient) -> None:
    body = client.get("/v1/statements?speaker=murat-nurtleu&include=speaker&include=visit").json()
    included = {(item["type"], item["id"]) for item in body["included"]}
    assert included == {("actor", "murat-nurtleu"), ("visit", "nurtleu-bishkek-2025-08-01")}


def test_an_area_embeds_what_belongs_to_it(client: TestClient) -> None:
    area = client.get("/v1/cooperation-areas/trade").json()["data"]
    assert "karasu-logistics-complex" in [ref["id"] for ref in area["contains"]["projects"]]
    assert [ref["id"] for ref in area["contains"]["figures"]] == [
        "kz-kg-trade-2024",
        "kz-kg-trade-target",
        "kz-rank-kg-trade-partners",
    ]


def test_an_actor_says_where_it_appears(client: TestClient) -> None:
    actor = client.get("/v1/actors/murat-nurtleu").json()["data"]
    assert [ref["id"] for ref in actor["appears_in"]["visits"]] == ["nurtleu-bishkek-2025-08-01"]
    assert "nurtleu-trade-quote" in [ref["id"] for ref in actor["appears_in"]["statements"]]
    outlet = client.get("/v1/actors/eurasianet").json()["data"]
    assert [ref["id"] for ref in outlet["appears_in"]["reported"]] == [
        "meloni-central-asia-proposal"
    ]


def test_a_place_says_where_it_appears(client: TestClient) -> None:
    place = client.get("/v1/places/karasu").json()["data"]
    assert place["coordinates"] is None
    assert [ref["id"] for ref in place["appears_in"]["projects"]] == ["karasu-logistics-complex"]


def test_evidence_points_at_the_words_of_the_source(client: TestClient) -> None:
    source = client.get("/v1/sources/kazakhstan-kyrgyzstan-2025-08-01").json()["data"]
    figure = client.get("/v1/figures/kz-kg-trade-2024").json()["data"]
    assert figure["value"] == 1_700_000_000
    assert figure["currency"] == "USD"
    for span in figure["evidence"]:
        assert source["text"][span["start"] : span["end"]] == span["text"]
    assert figure["wording"] in source["text"]
