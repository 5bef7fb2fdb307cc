"""POST /v1/drafts: an article in, its draft out, nothing stored."""

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from briefings.errors import PROBLEM_BASE
from support import Databases, api_key, make_client

ARTICLE = Path(__file__).resolve().parents[2] / "seeds" / "kazakhstan-kyrgyzstan-2025-08-01.fr.txt"


@pytest.fixture
def drafting(databases: Databases) -> tuple[TestClient, dict[str, str], Engine]:
    engine = databases.seeded()
    return make_client(engine), api_key(engine), engine


def test_an_article_gets_its_draft_and_nothing_is_stored(
    drafting: tuple[TestClient, dict[str, str], Engine],
) -> None:
    client, key, _ = drafting
    before = client.get("/v1/changes?limit=1").json()["meta"]["revision"]
    body: dict[str, Any] = {
        "text": ARTICLE.read_text(encoding="utf-8"),
        "file_name": "a-new-article.fr.txt",
        "published": "2025-08-01",
    }

    answer = client.post("/v1/drafts", json=body, headers=key)

    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    draft = answer.json()
    assert draft["document"]["source"]["id"] == "a-new-article"
    statements = draft["document"].get("statements", [])
    quotes = [s for s in statements if s["kind"] == "direct-quote" and s["speakers"]]
    assert quotes, "the curated article's direct quotes are drafted with their speakers"
    assert client.get("/v1/changes?limit=1").json()["meta"]["revision"] == before


def test_drafting_needs_a_key_with_the_write_scope(
    drafting: tuple[TestClient, dict[str, str], Engine],
) -> None:
    client, _, engine = drafting
    body = {"text": "Le ministre est arrivé à Bichkek."}
    assert client.post("/v1/drafts", json=body).status_code == 401
    reader = api_key(engine, name="reader", scope="read")
    assert client.post("/v1/drafts", json=body, headers=reader).status_code == 403


@pytest.mark.parametrize(
    ("body", "status", "problem"),
    [
        ({"text": "   "}, 422, "article-refused"),
        ({"text": "The minister arrived in Bishkek to talk about trade."}, 422, "article-refused"),
        ({"text": "Le ministre.", "source_id": "Not A Slug"}, 400, "invalid-parameter"),
        ({"text": "Le ministre.", "colour": "blue"}, 400, "invalid-parameter"),
        ({"article": "Le ministre."}, 400, "invalid-parameter"),
    ],
)
def test_what_cannot_be_drafted_is_a_problem_naming_why(
    drafting: tuple[TestClient, dict[str, str], Engine],
    body: dict[str, Any],
    status: int,
    problem: str,
) -> None:
    client, key, _ = drafting
    answer = client.post("/v1/drafts", json=body, headers=key)
    assert answer.status_code == status, answer.text
    assert answer.json()["type"] == PROBLEM_BASE + problem


def test_a_body_that_is_not_json_is_refused(
    drafting: tuple[TestClient, dict[str, str], Engine],
) -> None:
    client, key, _ = drafting
    as_text = client.post("/v1/drafts", content="Le ministre.", headers=key)
    assert as_text.status_code == 415
    broken = client.post(
        "/v1/drafts", content='{"text": ', headers={**key, "Content-Type": "application/json"}
    )
    assert broken.status_code == 400
    assert broken.json()["type"] == PROBLEM_BASE + "malformed-body"
