"""The feed is enough to keep a copy: a replica built only from /v1/changes equals the
database after any sequence of imports, record writes and deletes, made by several
clients at once. On every backend."""

import itertools
import threading
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import WATER_ARTICLE, Databases, api_key, make_client

COLLECTIONS = (
    *("sources", "cooperation-areas", "actors", "places", "visits"),
    *("statements", "projects", "figures", "briefings"),
)
MERGE = "application/merge-patch+json"
names = itertools.count()

# One operation: (kind, which record it aims at, a number to vary its content).
operation = st.tuples(
    st.sampled_from(["import", "rename", "alias", "delete"]),
    st.integers(0, 5),
    st.integers(0, 3),
)


def replica(client: TestClient) -> dict[tuple[str, str], Any]:
    """What a follower of the feed holds: upserts set, deletes remove."""
    copy: dict[tuple[str, str], Any] = {}
    url = "/v1/changes?limit=100"
    while True:
        page = client.get(url).json()
        for change in page["data"]:
            key = (change["type"], change["id"])
            if change["operation"] == "delete":
                copy.pop(key, None)
            else:
                copy[key] = change["body"]
        url = page["links"]["next"]
        if not page["meta"]["more"]:
            return copy


def database(client: TestClient) -> dict[tuple[str, str], Any]:
    """Every record as the collections list it."""
    found: dict[tuple[str, str], Any] = {}
    for collection in COLLECTIONS:
        url: str | None = f"/v1/{collection}?limit=500"
        while url:
            page = client.get(url).json()
            found.update(((item["type"], item["id"]), item) for item in page["data"])
            url = page["links"]["next"]
    return found


def run(client: TestClient, key: dict[str, str], steps: list[tuple[str, int, int]]) -> None:
    """One client's operations; a refusal (412 after another's write, 404 or 410 for a
    record already deleted, 409) is a normal answer to a race and leaves no change."""
    for kind, target, variant in steps:
        actor = f"/v1/actors/{'murat-nurtleu' if target == 0 else f'replica-{target}'}"
        if kind == "import":
            number = next(names)
            document = {
                "source": {
                    "id": f"replica-article-{number}",
                    "title": {"fr": "Accord", "en": "Accord"},
                    "language": "fr",
                    "text": WATER_ARTICLE,
                },
                "actors": [
                    {
                        "id": f"replica-{target}",
                        "kind": "country",
                        "name": {"fr": f"Pays {variant}", "en": f"Country {variant}"},
                        "evidence": ["Tachkent"],
                    }
                ],
            }
            answer = client.post("/v1/imports", json=document, headers=key)
            # Another client's import of the same actor from another source is a 201 too.
            assert answer.status_code in (201, 409), answer.text
            continue
        read = client.get(actor)
        if read.status_code != 200:
            continue
        headers = {**key, "If-Match": read.headers["etag"]}
        if kind == "delete":
            if target == 0:
                continue  # named by statements: a 409 every time
            status = client.delete(actor, headers=headers).status_code
        else:
            change = (
                {"name": {"en": f"Name {variant}"}}
                if kind == "rename"
                else {"aliases": [f"alias {variant}"]}
            )
            status = client.patch(
                actor, json=change, headers={**headers, "Content-Type": MERGE}
            ).status_code
        assert status in (200, 204, 404, 410, 412), status


def test_a_replica_built_from_the_feed_equals_the_database(databases: Databases) -> None:
    engine = databases.seeded()
    # The reader keeps no answers: on PostgreSQL another app's commit would reach its
    # cache only at the next poll of the revision.
    reader = make_client(engine, response_cache_bytes=0)
    writers = [(make_client(engine), api_key(engine, f"client-{n}")) for n in range(3)]

    @given(st.lists(st.lists(operation, min_size=1, max_size=4), min_size=3, max_size=3))
    @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
    def check(plans: list[list[tuple[str, int, int]]]) -> None:
        failures: list[BaseException] = []

        def client_run(client: TestClient, key: dict[str, str], steps: Any) -> None:
            try:
                run(client, key, steps)
            except BaseException as error:  # raised again in the test's thread
                failures.append(error)

        threads = [
            threading.Thread(target=client_run, args=(client, key, steps))
            for (client, key), steps in zip(writers, plans, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failures:
            raise failures[0]
        assert replica(reader) == database(reader)

    check()
