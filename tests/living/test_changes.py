"""The change feed and each record's history: what `seed` and the generator write
appears in `/v1/changes` in commit order, with the body the record now has; a deleted
record answers 410 with its history. On every backend."""

import io
from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from briefings.lifecycle import seed
from briefings.synthetic import Plan, Progress, generate
from support import Databases, copy_seeds, edit, make_client

STATEMENT = "nurtleu-trade-quote"
COLLECTIONS = (
    *("sources", "cooperation-areas", "actors", "places", "visits"),
    *("statements", "projects", "figures", "briefings"),
)


def follow(client: TestClient, since: str | None = None, **params: Any) -> tuple[list[Any], str]:
    """Every change after ``since``, page by page; and the position to poll next."""
    changes: list[Any] = []
    url = "/v1/changes" + (f"?since={since}" if since else "")
    while True:
        response = client.get(url, params=params if url == "/v1/changes" else None)
        assert response.status_code == 200, response.text
        page = response.json()
        changes.extend(page["data"])
        url = page["links"]["next"]
        if not page["meta"]["more"]:
            return changes, url.split("since=")[1].split("&")[0]


def test_a_seed_run_writes_one_upsert_per_record_with_its_body(databases: Databases) -> None:
    client = make_client(databases.seeded())

    changes, _ = follow(client, limit=25)

    statements = client.get("/v1/statements", params={"limit": 500}).json()["data"]
    upserts = {(c["type"], c["id"]): c for c in changes}
    assert len(upserts) == len(changes)
    assert {c["operation"] for c in changes} == {"upsert"}
    assert {c["origin"] for c in changes} == {"seed"}
    assert {c["revision"] for c in changes} == {1}
    for statement in statements:
        assert upserts[("statement", statement["id"])]["body"] == statement
    total = sum(
        client.get(f"/v1/{name}", params={"limit": 1}).json()["meta"]["total"]
        for name in COLLECTIONS
    )
    assert len(changes) == total


def test_next_is_always_there_and_an_idle_poll_answers_no_change(client: TestClient) -> None:
    _, position = follow(client)

    page = client.get(f"/v1/changes?since={position}").json()

    assert page["data"] == []
    assert page["meta"]["more"] is False
    assert page["links"]["next"].startswith(f"/v1/changes?since={position}")


def test_a_position_this_api_did_not_issue_is_a_400(client: TestClient) -> None:
    response = client.get("/v1/changes?since=bm90LWEtY3Vyc29y")
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "since"


def test_the_type_filter_keeps_one_record_type(client: TestClient) -> None:
    changes, _ = follow(client, type="figure")
    assert changes
    assert {c["type"] for c in changes} == {"figure"}


def test_an_edit_and_a_removal_are_in_the_feed_and_the_history(
    databases: Databases, tmp_path: Path
) -> None:
    engine = databases.seeded()
    client = make_client(engine)
    _, position = follow(client)
    folder = copy_seeds(tmp_path)
    edit(folder, 'en: "Minister of Foreign Affairs"', 'en: "Foreign Minister"')
    seed(engine, folder)
    text = (folder / "kazakhstan-kyrgyzstan-2025-08-01.yaml").read_text(encoding="utf-8")
    start = text.index(f"  - id: {STATEMENT}\n")
    end = text.index("  - id: ", start + 1)
    (folder / "kazakhstan-kyrgyzstan-2025-08-01.yaml").write_text(
        text[:start] + text[end:], encoding="utf-8"
    )

    seed(engine, folder)

    changes, _ = follow(client, since=position)
    by_key = {(c["type"], c["id"], c["revision"]): c for c in changes}
    assert by_key[("statement", STATEMENT, 3)]["operation"] == "delete"
    assert by_key[("statement", STATEMENT, 3)]["body"] is None
    gone = client.get(f"/v1/statements/{STATEMENT}")
    assert gone.status_code == 410
    assert gone.headers["content-type"] == "application/problem+json"
    history_url = f"/v1/statements/{STATEMENT}/history"
    assert gone.json()["history"] == history_url
    assert gone.headers["link"] == f'<{history_url}>; rel="history"'
    versions = client.get(history_url).json()["data"]
    assert [(v["revision"], v["operation"]) for v in versions][-1] == (3, "delete")
    assert versions[0]["operation"] == "upsert"
    assert versions[0]["origin"] == "seed"


def test_a_rename_upserts_every_record_whose_body_names_it(
    databases: Databases, tmp_path: Path
) -> None:
    engine = databases.seeded()
    client = make_client(engine)
    _, position = follow(client)
    folder = copy_seeds(tmp_path)
    edit(folder, 'en: "Murat Nurtleu"}', 'en: "Murat A. Nurtleu"}')

    seed(engine, folder)

    changes, _ = follow(client, since=position)
    changed = {(c["type"], c["id"]) for c in changes}
    assert ("actor", "murat-nurtleu") in changed
    # Every statement he spoke carries his name in its `speakers`: each is in the feed
    # with the new name, so a copy that follows the feed never shows the old one.
    spoken = client.get("/v1/statements", params={"speaker": "murat-nurtleu"}).json()["data"]
    assert spoken
    for statement in spoken:
        assert ("statement", statement["id"]) in changed
    latest = {(c["type"], c["id"]): c["body"] for c in changes}
    assert orjson.dumps(latest[("statement", spoken[0]["id"])]) == orjson.dumps(spoken[0])


def test_an_id_never_written_is_404_and_has_no_history(client: TestClient) -> None:
    assert client.get("/v1/statements/never-written").status_code == 404
    assert client.get("/v1/statements/never-written/history").status_code == 404


def test_generated_records_are_in_the_feed_as_the_generator_wrote_them(
    databases: Databases,
) -> None:
    engine = databases.migrated()
    generate(engine, Plan(statements=60), Progress(60, io.StringIO(), live=False))
    client = make_client(engine)

    changes, _ = follow(client, type="statement", limit=500)

    assert len(changes) == 60
    assert {c["origin"] for c in changes} == {"synthetic"}
    # In commit order: positions and revisions never go back.
    revisions = [c["revision"] for c in changes]
    assert revisions == sorted(revisions)


@pytest.mark.parametrize("limit", ["0", "x"])
def test_a_bad_limit_is_a_400(client: TestClient, limit: str) -> None:
    assert client.get(f"/v1/changes?limit={limit}").status_code == 400


def test_migrating_a_database_with_records_gives_each_one_upsert_in_the_feed(
    databases: Databases,
) -> None:
    from briefings import migrations

    engine = databases.seeded()
    expected, _ = follow(make_client(engine), limit=500)
    migrations.downgrade(engine, "0006")  # as if made before the feed existed

    migrations.upgrade(engine)

    changes, _ = follow(make_client(engine), limit=500)
    assert [(c["type"], c["id"], c["body"]) for c in changes] == [
        (c["type"], c["id"], c["body"]) for c in expected
    ]
