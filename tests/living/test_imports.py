"""POST /v1/imports: a seed document over HTTP, checked and loaded by the seeds' path,
in one transaction, every problem at once; Idempotency-Key applies a retry once."""

from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from support import Databases, api_key, make_client, snapshot, water_accord

SOURCE = "kazakhstan-kyrgyzstan-2025-08-01"


def on_stored_source() -> dict[str, Any]:
    return {
        "source": SOURCE,
        "figures": [
            {
                "id": "kz-kg-trade-2024-again",
                "metric": "bilateral-trade",
                "label": {"fr": "Échanges bilatéraux en 2024", "en": "Bilateral trade in 2024"},
                "value": 1700000000,
                "unit": "currency",
                "currency": "USD",
                "qualifier": "exact",
                "period": "2024",
                "period_kind": "year",
                "kind": "actual",
                "countries": ["KZ", "KG"],
                "areas": ["trade"],
                "wording": "1,7 milliard de dollars",
                "evidence": ["1,7 milliard de dollars"],
            }
        ],
    }


@pytest.fixture
def writer(databases: Databases) -> tuple[TestClient, dict[str, str], Engine]:
    engine = databases.seeded()
    return make_client(engine), api_key(engine), engine


def test_an_article_with_its_records_is_imported_and_served(
    writer: tuple[TestClient, dict[str, str], Engine],
) -> None:
    client, key, _ = writer

    response = client.post("/v1/imports", json=water_accord(), headers=key)

    assert response.status_code == 201, response.text
    result = response.json()["data"]
    assert (result["inserted"], result["updated"], result["deleted"]) == (3, 0, 0)
    assert result["revision"] == 2
    assert result["changes"]["statement"] == {"insert": ["water-accord-signed"]}
    statement = client.get("/v1/statements/water-accord-signed").json()["data"]
    assert statement["evidence"][0]["start"] == 0
    assert [s["id"] for s in statement["speakers"]] == ["kazakhstan", "uzbekistan"]
    feed = client.get(response.json()["links"]["changes"]).json()["data"]
    assert {(c["type"], c["id"]) for c in feed} >= {
        ("source", "water-accord"),
        ("actor", "uzbekistan"),
        ("statement", "water-accord-signed"),
    }
    assert {c["origin"] for c in feed} == {"import:newsroom"}
    assert client.get("/v1/search", params={"q": "Ouzbekistan"}).json()["data"]


def test_yaml_naming_a_stored_source_is_imported_without_rewriting_it(
    writer: tuple[TestClient, dict[str, str], Engine],
) -> None:
    client, key, _ = writer
    body = yaml.safe_dump(on_stored_source(), allow_unicode=True)

    response = client.post(
        "/v1/imports", content=body, headers={**key, "Content-Type": "application/yaml"}
    )

    assert response.status_code == 201, response.text
    assert response.json()["data"]["changes"] == {"figure": {"insert": ["kz-kg-trade-2024-again"]}}
    figure = client.get("/v1/figures/kz-kg-trade-2024-again").json()["data"]
    assert figure["evidence"][0]["source_id"] == SOURCE


def test_every_problem_is_named_at_once_with_pointer_and_line_and_nothing_is_written(
    writer: tuple[TestClient, dict[str, str], Engine],
) -> None:
    client, key, engine = writer
    before = snapshot(engine)
    document = water_accord()
    document["statements"][0]["evidence"] = ["Douchanbé signe"]
    document["statements"][0]["areas"] = ["space"]
    document["actors"][0]["contry"] = "UZ"
    body = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)

    response = client.post(
        "/v1/imports", content=body, headers={**key, "Content-Type": "application/yaml"}
    )

    assert response.status_code == 400
    problems = response.json()["problems"]
    by_pointer = {p["pointer"]: p for p in problems}
    assert (
        "quote 'Douchanbé signe' is not in source 'water-accord'"
        in (by_pointer["/statements/0/evidence/0"]["message"])
    )
    assert by_pointer["/statements/0/areas"]["message"] == "areas: unknown cooperation-area 'space'"
    assert "unknown field 'contry'" in by_pointer["/actors/0"]["message"]
    lines = body.splitlines()
    assert "Douchanbé signe" in lines[by_pointer["/statements/0/evidence/0"]["line"] - 1]
    assert snapshot(engine) == before


@pytest.mark.parametrize(
    ("content_type", "body", "status", "detail"),
    [
        ("text/plain", "source: x", 415, "'text/plain' is not accepted here"),
        ("application/json", '{"source": ', 400, "not valid JSON at line 1, column 12"),
        ("application/yaml", "source: [unclosed", 400, "not valid YAML at line 1, column 18"),
        ("application/json", "[1, 2]", 400, "a document is a mapping"),
        ("application/json", '{"source": "no-such-source"}', 400, "unknown source"),
    ],
)
def test_a_bad_body_gets_a_problem_naming_what_and_where(
    writer: tuple[TestClient, dict[str, str], Engine],
    content_type: str,
    body: str,
    status: int,
    detail: str,
) -> None:
    client, key, _ = writer
    response = client.post(
        "/v1/imports", content=body, headers={**key, "Content-Type": content_type}
    )
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert detail in response.json()["detail"]


def test_a_body_over_the_limit_is_413(databases: Databases) -> None:
    engine = databases.seeded()
    client = make_client(engine, max_body_bytes=1024)
    body = '{"source": "' + "x" * 2000 + '"}'
    response = client.post(
        "/v1/imports",
        content=body,
        headers={**api_key(engine), "Content-Type": "application/json"},
    )
    assert response.status_code == 413


def test_overwriting_a_curated_record_is_a_409_naming_it(
    writer: tuple[TestClient, dict[str, str], Engine],
) -> None:
    client, key, _ = writer
    document = on_stored_source()
    document["figures"][0]["id"] = "kz-kg-trade-2024"

    response = client.post("/v1/imports", json=document, headers=key)

    assert response.status_code == 409
    assert (
        "figure 'kz-kg-trade-2024' is already stored with origin 'seed'"
        in (response.json()["detail"])
    )


def test_a_retried_import_with_the_same_idempotency_key_applies_once(
    writer: tuple[TestClient, dict[str, str], Engine],
) -> None:
    client, key, _ = writer
    headers = {**key, "Idempotency-Key": "import-42"}
    first = client.post("/v1/imports", json=water_accord(), headers=headers)
    document = water_accord()
    document["actors"][0]["aliases"] = ["Uzbekiston"]

    again = client.post("/v1/imports", json=water_accord(), headers=headers)
    other = client.post("/v1/imports", json=document, headers=headers)

    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again.headers["idempotency-replayed"] == "true"
    assert other.status_code == 422
    assert client.get("/v1/changes?limit=1").json()["meta"]["revision"] == 2


def test_the_same_document_twice_changes_nothing_the_second_time(
    writer: tuple[TestClient, dict[str, str], Engine],
) -> None:
    client, key, _ = writer
    client.post("/v1/imports", json=water_accord(), headers=key)
    again = client.post("/v1/imports", json=water_accord(), headers=key).json()["data"]
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert again["revision"] == 2
