"""Joint statements: one record with all its speakers, found through any of them."""

from collections import Counter
from typing import Any

import pytest
from fastapi.testclient import TestClient

JOINT = ["avoid-dependence", "mobility-talks", "trade-target-ambition"]


def all_statements(client: TestClient) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = client.get("/v1/statements?limit=500").json()["data"]
    return data


def test_no_statement_text_appears_twice(client: TestClient) -> None:
    texts = Counter(statement["text"] for statement in all_statements(client))

    assert [text for text, count in texts.items() if count > 1] == []


def test_a_joint_statement_lists_every_speaker_in_order(client: TestClient) -> None:
    statement = client.get("/v1/statements/trade-target-ambition").json()["data"]

    assert [ref["id"] for ref in statement["speakers"]] == ["kazakhstan", "kyrgyzstan"]
    assert statement["speakers"][1]["href"] == "/v1/actors/kyrgyzstan"
    # Deprecated: the first speaker, for clients written before joint statements.
    assert statement["speaker"]["id"] == "kazakhstan"


def test_an_assessment_has_no_speakers(client: TestClient) -> None:
    statement = client.get("/v1/statements/regional-context-external-powers").json()["data"]

    assert statement["speakers"] == []
    assert statement["speaker"] is None


@pytest.mark.parametrize("speaker", ["kazakhstan", "kyrgyzstan"])
def test_the_speaker_filter_finds_joint_statements_through_any_speaker(
    client: TestClient, speaker: str
) -> None:
    ids = [s["id"] for s in client.get(f"/v1/statements?speaker={speaker}").json()["data"]]

    assert set(JOINT) <= set(ids)


def test_the_actor_filter_finds_joint_statements_through_any_speaker(client: TestClient) -> None:
    ids = [s["id"] for s in client.get("/v1/statements?actor=kyrgyzstan").json()["data"]]

    assert set(JOINT) <= set(ids)


def test_the_speaker_facet_counts_a_joint_statement_for_each_speaker(client: TestClient) -> None:
    body = client.get("/v1/statements?facet=speaker&limit=1").json()
    counts = {row["value"]: row["count"] for row in body["meta"]["facets"]["speaker"]}
    statements = all_statements(client)

    for actor in ("kazakhstan", "kyrgyzstan"):
        spoken = [s for s in statements if actor in [r["id"] for r in s["speakers"]]]
        assert counts[actor] == len(spoken)
    assert body["meta"]["facets"]["speaker"][0]["ref"]["type"] == "actor"


def test_an_actor_appears_in_the_joint_statements_it_made(client: TestClient) -> None:
    actor = client.get("/v1/actors/kyrgyzstan").json()["data"]

    assert set(JOINT) <= {ref["id"] for ref in actor["appears_in"]["statements"]}


def test_csv_lists_the_speakers_joined(client: TestClient) -> None:
    response = client.get("/v1/statements?format=csv&fields=speakers&speaker=kyrgyzstan")

    assert "kazakhstan|kyrgyzstan" in response.text
