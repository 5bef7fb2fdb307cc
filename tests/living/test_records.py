"""PUT, PATCH and DELETE on a record: If-Match required, the seeds' checks, and every
derived thing (offsets, bodies naming it, search, the feed) moved in one transaction."""

import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from support import Databases, api_key, make_client

STATEMENT = "/v1/statements/nurtleu-trade-quote"
SOURCE = "kazakhstan-kyrgyzstan-2025-08-01"
MERGE = "application/merge-patch+json"


@pytest.fixture
def writer(databases: Databases) -> tuple[TestClient, dict[str, str], Engine]:
    engine = databases.seeded()
    return make_client(engine), api_key(engine), engine


def patch(client: TestClient, key: dict[str, str], url: str, change: Any, etag: str | None) -> Any:
    headers = {**key, "Content-Type": MERGE, **({"If-Match": etag} if etag else {})}
    return client.patch(url, json=change, headers=headers)


def test_a_patch_with_the_etag_changes_the_record_and_answers_it_as_get_would(
    writer: tuple[TestClient, dict[str, str], Engine],
) -> None:
    client, key, _ = writer
    read = client.get(STATEMENT)

    changed = patch(
        client, key, STATEMENT, {"translation": "Trade keeps growing"}, read.headers["etag"]
    )

    assert changed.status_code == 200, changed.text
    assert changed.json()["data"]["translation"] == "Trade keeps growing"
    # As GET answers it uncompressed (a write's answer is never compressed).
    again = client.get(STATEMENT, headers={"Accept-Encoding": "identity"})
    assert again.content == changed.content
    assert again.headers["etag"] == changed.headers["etag"]
    versions = client.get(STATEMENT + "/history").json()["data"]
    assert [v["origin"] for v in versions] == ["seed", "write:newsroom"]
    assert versions[-1]["body"]["translation"] == "Trade keeps growing"
    # The evidence was given back as quotes and located again at the same offsets.
    assert changed.json()["data"]["evidence"] == read.json()["data"]["evidence"]


@pytest.mark.parametrize(
    ("url", "change"),
    [
        (STATEMENT, {"translation": "Trade keeps growing"}),
        ("/v1/actors/murat-nurtleu", {"name": {"en": "Murat A. Nurtleu"}}),
        ("/v1/cooperation-areas/trade", {"name": {"en": "Commerce"}}),
        ("/v1/places/bishkek", {"aliases": ["Frunze"]}),
        ("/v1/visits/nurtleu-bishkek-2025-08-01", {"description": {"en": "A working visit"}}),
        ("/v1/projects/karasu-logistics-complex", {"name": {"en": "Karasu hub"}}),
        ("/v1/figures/kz-kg-trade-2024", {"label": {"en": "Trade in 2024"}}),
    ],
)
def test_a_write_answers_every_collection_s_item_as_get_does_after_it(
    writer: tuple[TestClient, dict[str, str], Engine], url: str, change: dict[str, Any]
) -> None:
    """A write renders its answer from what it has just written and the names it read
    (item extras, such as where an actor appears, from the database): byte for byte the
    item GET answers next."""
    client, key, _ = writer
    etag = client.get(url).headers["etag"]

    changed = patch(client, key, url, change, etag)

    assert changed.status_code == 200, changed.text
    again = client.get(url, headers={"Accept-Encoding": "identity"})
    assert again.content == changed.content
    assert again.headers["etag"] == changed.headers["etag"]


def test_without_if_match_a_write_is_428_and_with_a_stale_one_412(
    writer: tuple[TestClient, dict[str, str], Engine],
) -> None:
    client, key, _ = writer
    etag = client.get(STATEMENT).headers["etag"]
    missing = patch(client, key, STATEMENT, {"translation": "x"}, None)
    assert missing.status_code == 428
    assert "If-Match" in missing.json()["detail"]
    assert patch(client, key, STATEMENT, {"translation": "first"}, etag).status_code == 200

    stale = patch(client, key, STATEMENT, {"translation": "second"}, etag)

    assert stale.status_code == 412
    # The record's current ETag, as a GET asking for no compression gets it.
    plain = client.get(STATEMENT, headers={"Accept-Encoding": "identity"})
    assert stale.headers["etag"] == plain.headers["etag"]
    assert client.get(STATEMENT).json()["data"]["translation"] == "first"


def test_two_clients_writing_with_the_same_etag_at_once_never_lose_an_update(
    writer: tuple[TestClient, dict[str, str], Engine],
) -> None:
    client, key, engine = writer
    etag = client.get(STATEMENT).headers["etag"]
    clients = [make_client(engine), make_client(engine)]
    answers: dict[str, int] = {}
    start = threading.Barrier(2)

    def write(name: str, other: TestClient) -> None:
        start.wait()
        answers[name] = patch(other, key, STATEMENT, {"translation": name}, etag).status_code

    threads = [
        threading.Thread(target=write, args=(name, other))
        for name, other in zip(("one", "two"), clients, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(answers.values()) == [200, 412]
    winner = next(name for name, status in answers.items() if status == 200)
    # Read by an app without a response cache: `client`'s, a third app here, would see
    # the other apps' commit only at its next poll on PostgreSQL (a served process hears
    # of it at once by NOTIFY; tests/living/test_tail.py).
    fresh = make_client(engine, response_cache_bytes=0)
    assert fresh.get(STATEMENT).json()["data"]["translation"] == winner


def test_a_write_to_another_record_leaves_this_record_s_etag_current(
    writer: tuple[TestClient, dict[str, str], Engine],
) -> None:
    """An item carries its record's revision, not the data's: editors of different
    records never turn each other away, and a client's copy of an item stays valid
    (304) until that item changes."""
    client, key, _ = writer
    read = client.get(STATEMENT)
    other = "/v1/statements/kyrgyzstan-water-commitment"
    other_etag = client.get(other).headers["etag"]
    assert patch(client, key, other, {"translation": "Water first"}, other_etag).status_code == 200

    revalidated = client.get(STATEMENT, headers={"If-None-Match": read.headers["etag"]})
    changed = patch(client, key, STATEMENT, {"translation": "Trade"}, read.headers["etag"])

    assert revalidated.status_code == 304
    assert changed.status_code == 200, changed.text
    assert "meta" not in changed.json()
    # The record's own revision moved, past the other write's.
    assert changed.json()["data"]["revision"] == read.json()["data"]["revision"] + 2


def test_renaming_an_actor_moves_the_revision_of_every_record_naming_it(
    writer: tuple[TestClient, dict[str, str], Engine],
) -> None:
    """A record naming a renamed one shows the new name, so its representation changed at
    that revision: its ETag is stale (412) and its history has the version."""
    client, key, _ = writer
    statement = client.get(STATEMENT)
    url = "/v1/actors/murat-nurtleu"
    renamed = patch(
        client, key, url, {"name": {"en": "Murat A. Nurtleu"}}, client.get(url).headers["etag"]
    )
    assert renamed.status_code == 200, renamed.text

    now = client.get(STATEMENT).json()["data"]
    stale = patch(client, key, STATEMENT, {"translation": "x"}, statement.headers["etag"])

    assert now["revision"] == renamed.json()["data"]["revision"]
    assert now["speakers"][0]["name"]["en"] == "Murat A. Nurtleu"
    assert stale.status_code == 412
    versions = client.get(STATEMENT + "/history").json()["data"]
    assert versions[-1]["revision"] == now["revision"]
    assert versions[-1]["body"]["revision"] == now["revision"]
    assert versions[-1]["body"]["speakers"] == now["speakers"]


def test_a_record_write_runs_only_statements_built_once(
    writer: tuple[TestClient, dict[str, str], Engine],
) -> None:
    """Building a statement and its cache key costs SQLAlchemy three times what running a
    built one does (docs/performance.md): the second write runs the very statement
    objects the first one ran, its values all parameters."""
    client, key, engine = writer
    ran: list[list[Any]] = []

    def note(conn: Any, clause: Any, multiparams: Any, params: Any, options: Any) -> None:
        ran[-1].append(clause)

    etag = client.get(STATEMENT).headers["etag"]
    for n in range(2):
        ran.append([])
        event.listen(engine, "before_execute", note)
        try:
            answer = patch(client, key, STATEMENT, {"translation": f"v{n}"}, etag)
        finally:
            event.remove(engine, "before_execute", note)
        assert answer.status_code == 200
        etag = answer.headers["etag"]

    first, second = ran
    assert len(second) > 20
    built_again = [str(clause) for clause in second if not any(clause is c for c in first)]
    assert built_again == []


def test_renaming_an_actor_renders_again_every_record_naming_it_and_its_search_entry(
    writer: tuple[TestClient, dict[str, str], Engine],
) -> None:
    client, key, _ = writer
    url = "/v1/actors/murat-nurtleu"
    etag = client.get(url).headers["etag"]

    answer = patch(client, key, url, {"name": {"en": "Murat A. Nurtleu"}}, etag)

    assert answer.status_code == 200, answer.text
    assert answer.json()["data"]["name"] == {"fr": "Murat Nurtleu", "en": "Murat A. Nurtleu"}
    listed = client.get("/v1/statements", params={"speaker": "murat-nurtleu"}).json()["data"]
    assert listed
    assert all(s["speakers"][0]["name"]["en"] == "Murat A. Nurtleu" for s in listed)
    hits = client.get("/v1/search", params={"q": "Murat A. Nurtleu", "type": "actor"}).json()
    assert [hit["id"] for hit in hits["data"]] == ["murat-nurtleu"]


def test_a_quote_not_in_the_article_is_a_400_naming_it_by_pointer(
    writer: tuple[TestClient, dict[str, str], Engine],
) -> None:
    client, key, _ = writer
    etag = client.get(STATEMENT).headers["etag"]

    answer = patch(client, key, STATEMENT, {"evidence": ["des mots jamais écrits"]}, etag)

    assert answer.status_code == 400
    problem = answer.json()
    assert problem["problems"][0]["pointer"] == "/evidence/0"
    assert "quote 'des mots jamais écrits' is not in source" in problem["problems"][0]["message"]
    assert client.get(STATEMENT).headers["etag"] == etag


def test_a_new_record_is_created_with_if_none_match_and_its_offsets_computed(
    writer: tuple[TestClient, dict[str, str], Engine],
) -> None:
    client, key, _ = writer
    record = {
        "kind": "position",
        "speakers": ["kazakhstan"],
        "text": "Bichkek s’engage",
        "translation": "Bishkek commits",
        "language": "fr",
        "evidence": [{"quote": "En retour, Bichkek s’engage", "source": SOURCE}],
    }
    headers = {**key, "If-None-Match": "*"}

    created = client.put("/v1/statements/bishkek-commits", json=record, headers=headers)

    assert created.status_code == 201, created.text
    assert created.headers["location"] == "/v1/statements/bishkek-commits"
    span = created.json()["data"]["evidence"][0]
    text = client.get(f"/v1/sources/{SOURCE}").json()["data"]["text"]
    assert text[span["start"] : span["end"]] == "En retour, Bichkek s’engage"
    again = client.put("/v1/statements/bishkek-commits", json=record, headers=headers)
    assert again.status_code == 412


def test_delete_answers_204_then_410_and_a_record_others_name_is_409(
    writer: tuple[TestClient, dict[str, str], Engine],
) -> None:
    client, key, _ = writer
    etag = client.get(STATEMENT).headers["etag"]
    deleted = client.delete(STATEMENT, headers={**key, "If-Match": etag})
    assert deleted.status_code == 204
    assert client.get(STATEMENT).status_code == 410

    actor = "/v1/actors/murat-nurtleu"
    refused = client.delete(actor, headers={**key, "If-Match": client.get(actor).headers["etag"]})

    assert refused.status_code == 409
    assert "actor 'murat-nurtleu' cannot be removed" in refused.json()["detail"]


@pytest.mark.parametrize(
    ("method", "content_type", "body", "status", "detail"),
    [
        ("PATCH", "application/json", "{}", 415, "send application/merge-patch+json"),
        ("PUT", "application/merge-patch+json", "{}", 415, "send application/json"),
        ("PATCH", MERGE, '{"translation": ', 400, "not valid JSON at line 1, column 17"),
        ("PATCH", MERGE, "[]", 400, "a record is a JSON object"),
        ("PATCH", MERGE, '{"id": "other"}', 400, "a patch cannot change the record's id"),
        ("PATCH", MERGE, '{"kind": "rumour"}', 400, "kind: 'rumour' is not one of"),
        ("PATCH", MERGE, '{"translation": null}', 400, "missing field 'translation'"),
    ],
)
def test_a_bad_write_gets_a_problem_naming_what_is_wrong(
    writer: tuple[TestClient, dict[str, str], Engine],
    method: str,
    content_type: str,
    body: str,
    status: int,
    detail: str,
) -> None:
    client, key, _ = writer
    etag = client.get(STATEMENT).headers["etag"]
    headers = {**key, "Content-Type": content_type, "If-Match": etag}
    answer = client.request(method, STATEMENT, content=body, headers=headers)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert detail in answer.json()["detail"]


def test_sources_are_written_by_imports_only(client: TestClient) -> None:
    answer = client.put(f"/v1/sources/{SOURCE}", json={})
    assert answer.status_code == 405


@pytest.mark.parametrize(
    "collection",
    [
        "cooperation-areas",
        "actors",
        "places",
        "visits",
        "statements",
        "projects",
        "figures",
        "briefings",
    ],
)
def test_an_empty_patch_of_any_record_gives_it_back_unchanged(
    writer: tuple[TestClient, dict[str, str], Engine], collection: str
) -> None:
    """The seed form a patch applies to says exactly what is stored: merged with
    nothing, it validates, locates its quotes again and changes nothing."""
    client, key, _ = writer
    for item in client.get(f"/v1/{collection}", params={"limit": 500}).json()["data"]:
        url = f"/v1/{collection}/{item['id']}"
        read = client.get(url)

        answer = patch(client, key, url, {}, read.headers["etag"])

        assert answer.status_code == 200, (url, answer.text)
        assert answer.content == read.content
    assert client.get("/v1/changes?limit=1").json()["meta"]["revision"] == 1
