"""Each record's JSON is stored when the data is written, and is never stale.

Pages are read from stored bodies, so every body must be what rendering the record now
would give: after a load that changes a record, after one that renames a record that
others name in their references, and after a release that changes a representation
(each body carries the version of the output model that rendered it, and ``migrate``
renders again every body of another version).
"""

import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson
import pytest
from pydantic import Field
from sqlalchemy import Engine, select, update

from briefings import migrations
from briefings.db import session_scope
from briefings.kit.bodies import mentioning, render
from briefings.kit.refs import Batch
from briefings.lifecycle import migrate, seed
from briefings.openapi import component_names
from briefings.resources import REGISTRY
from briefings.resources.statements.schemas import StatementOut
from briefings.synthetic import Plan, Progress, generate
from support import Databases, api_key, copy_seeds, edit, make_client, water_accord

RESOURCES = list(REGISTRY.resources.values())


def _refs(value: Any) -> Iterator[tuple[str, str]]:
    """Every reference in a body: an object with a type, an id, a name and an href."""
    if isinstance(value, dict):
        if {"type", "id", "name", "href"} <= value.keys():
            yield value["type"], value["id"]
        for inner in value.values():
            yield from _refs(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _refs(inner)


def _stored_and_rendered(engine: Engine) -> list[tuple[str, str, bytes | None, bytes]]:
    out = []
    with session_scope(engine) as session:
        for resource in REGISTRY.resources.values():
            rows = resource.rows(session, [], [resource.id_column])
            fresh = render(Batch(session, REGISTRY.targets), resource, rows)
            out += [(resource.type, row.id, row.body, fresh[row.id]) for row in rows]
    return out


def _assert_bodies_current(engine: Engine) -> None:
    for record_type, record_id, stored, fresh in _stored_and_rendered(engine):
        assert stored == fresh, f"the stored body of {record_type} {record_id!r} is stale"


def test_every_seeded_record_has_its_rendered_body(databases: Databases) -> None:
    engine = databases.seeded()
    rows = _stored_and_rendered(engine)
    assert len(rows) == 52
    _assert_bodies_current(engine)


def test_every_reference_in_a_body_is_declared_so_a_rename_renders_it_again(
    databases: Databases,
) -> None:
    """A resource that names a record its ``mentions`` do not declare would keep the old
    name after a rename: every reference of every seeded body must be found."""
    engine = databases.seeded()
    checked = 0
    with session_scope(engine) as session:
        for resource in RESOURCES:
            for row in resource.rows(session, []):
                assert row.body is not None
                for record_type, ref_id in _refs(orjson.loads(row.body)):
                    found = mentioning(session, resource, {record_type: [ref_id]})
                    assert row.id in found, (
                        f"{resource.type} {row.id!r} names {record_type} {ref_id!r} "
                        f"but no Mention of {resource.type} finds it"
                    )
                    checked += 1
    # Speakers (and the deprecated first speaker), visitors, counterparts, places, areas
    # and sources.
    assert checked == 64


@pytest.mark.parametrize(
    ("old", "new", "page", "path"),
    [
        (
            'name: {fr: "Murat Nurtleu", en: "Murat Nurtleu"}',
            'name: {fr: "Murat Nurtleu", en: "Murat Nurtleu, minister"}',
            "/v1/statements?speaker=murat-nurtleu&limit=1",
            ("speaker", "name", "en"),
        ),
        (
            'name: {fr: "Murat Nurtleu", en: "Murat Nurtleu"}',
            'name: {fr: "Murat Nurtleu", en: "Murat Nurtleu, minister"}',
            "/v1/visits?limit=1",
            ("visitor", "name", "en"),
        ),
        (
            'name: {fr: "Eau", en: "Water"}',
            'name: {fr: "Eau", en: "Water resources"}',
            "/v1/statements?area=water&limit=1",
            ("areas", 0, "name", "en"),
        ),
    ],
)
def test_a_rename_shows_in_every_page_that_names_the_record(
    databases: Databases, tmp_path: Path, old: str, new: str, page: str, path: tuple[Any, ...]
) -> None:
    engine = databases.seeded()
    client = make_client(engine, revision_poll_seconds=0)
    folder = copy_seeds(tmp_path)
    edit(folder, old, new)
    report = seed(engine, folder)
    assert (report.inserted, report.updated) == (0, 1)
    value: Any = client.get(page).json()["data"][0]
    for step in path:
        value = value[step]
    assert value == new.split('en: "')[1].rstrip('"}')
    _assert_bodies_current(engine)


def test_renaming_an_organisation_renders_the_roles_that_name_it(
    databases: Databases, tmp_path: Path
) -> None:
    # The seeds name no organisation: give Kulubaev's role one, then rename it.
    folder = copy_seeds(tmp_path)
    edit(folder, "organisation: null", "organisation: kyrgyzstan", occurrence=2)
    engine = databases.seeded(folder)
    edit(
        folder,
        'name: {fr: "Kirghizistan", en: "Kyrgyzstan"}',
        'name: {fr: "Kirghizistan", en: "Kyrgyz Republic"}',
    )
    assert seed(engine, folder).updated == 1
    client = make_client(engine, revision_poll_seconds=0)
    roles = client.get("/v1/actors/jeenbek-kulubaev").json()["data"]["roles"]
    assert [role["organisation"]["name"]["en"] for role in roles] == ["Kyrgyz Republic"]
    _assert_bodies_current(engine)


def test_a_record_without_a_stored_body_is_rendered_when_read(databases: Databases) -> None:
    engine = databases.seeded()
    client = make_client(engine, response_cache_bytes=0)
    page = "/v1/statements?kind=commitment&limit=5"
    before = client.get(page)
    statements = REGISTRY.resources["statement"].table
    with session_scope(engine) as session, session.begin():
        session.execute(update(statements).values(body=None))
    after = client.get(page)
    assert after.status_code == 200
    assert after.content == before.content


def test_upgrading_a_database_with_data_renders_its_bodies(databases: Databases) -> None:
    engine = databases.seeded()
    migrations.downgrade(engine, "0003")
    _before, rendered = migrate(engine)
    assert (_before, rendered) == ("0003", 52)
    _assert_bodies_current(engine)


def test_migrate_at_the_latest_schema_renders_only_what_is_stale(databases: Databases) -> None:
    engine = databases.seeded()
    assert migrate(engine)[1] == 0
    actors = REGISTRY.resources["actor"].table
    statements = REGISTRY.resources["statement"].table
    with session_scope(engine) as session, session.begin():
        session.execute(update(actors).values(body=None))
        session.execute(update(statements).values(body_version="0123456789abcdef"))
    # 12 actors without a body, 13 statements of another representation.
    assert migrate(engine)[1] == 12 + 13
    _assert_bodies_current(engine)
    assert migrate(engine)[1] == 0


def test_every_stored_body_carries_the_version_of_its_representation(
    databases: Databases,
) -> None:
    engine = databases.seeded()
    with session_scope(engine) as session:
        for resource in RESOURCES:
            schema = resource.schema.model_json_schema(mode="serialization")
            version = hashlib.sha256(json.dumps(schema, sort_keys=True).encode()).hexdigest()
            assert resource.body_version == version[:16]
            stored = set(session.scalars(select(resource.table.c.body_version)))
            assert stored == {resource.body_version}, resource.type


def test_every_stored_body_is_valid_against_its_published_schema(
    databases: Databases,
) -> None:
    engine = databases.seeded()
    components = make_client(engine).get("/openapi.json").json()["components"]["schemas"]
    checked = 0
    with session_scope(engine) as session:
        for resource in RESOURCES:
            published = components[component_names(REGISTRY)[resource.schema.__name__]]
            assert published["properties"]["type"]["const"] == resource.type
            for row in resource.rows(session, []):
                resource.schema.model_validate_json(row.body, strict=True)
                assert list(orjson.loads(row.body)) == list(published["properties"])
                checked += 1
    assert checked == 52


class StatementWithOrigin(StatementOut):
    """The statement's representation in a later release: one more field, from a
    column every record already has."""

    origin: str = Field(description="what wrote the record: seed, synthetic...")


def test_a_changed_representation_reaches_list_pages_when_migrate_runs(
    databases: Databases, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = databases.seeded()
    statement = REGISTRY.resources["statement"]
    monkeypatch.setitem(
        REGISTRY.resources, "statement", replace(statement, schema=StatementWithOrigin)
    )
    client = make_client(engine, response_cache_bytes=0)
    listed = client.get("/v1/statements?limit=3").json()["data"]
    item = client.get(f"/v1/statements/{listed[0]['id']}").json()["data"]
    # The release is deployed, the bodies are not rendered yet: the item route shows the
    # new field, which only rendering again puts on list pages.
    assert "origin" not in listed[0]
    assert item["origin"] == "seed"
    assert migrate(engine)[1] == 13
    listed = client.get("/v1/statements?limit=3").json()["data"]
    for record in listed:
        assert record["origin"] == "seed"
        item = client.get(f"/v1/statements/{record['id']}").json()["data"]
        assert {key: item[key] for key in record} == record
    _assert_bodies_current(engine)


def test_an_import_stores_the_bodies_a_fresh_rendering_gives(databases: Databases) -> None:
    """A load renders what it writes from its own rows, reading only the names of the
    records it does not hold: the imported statement names a stored actor (Kazakhstan),
    an actor of the same document (Uzbekistan) and a stored area."""
    engine = databases.seeded()
    client = make_client(engine)
    response = client.post("/v1/imports", json=water_accord(), headers=api_key(engine))
    assert response.status_code == 201, response.text
    body = client.get("/v1/statements/water-accord-signed").json()["data"]
    assert [speaker["name"]["en"] for speaker in body["speakers"]] == [
        "Kazakhstan",
        "Uzbekistan",
    ]
    assert body["areas"][0]["name"]["en"] == "Water"
    _assert_bodies_current(engine)


def test_generated_records_store_the_bodies_a_fresh_rendering_gives(
    databases: Databases,
) -> None:
    """Each generated article names people, places and areas loaded in an earlier
    transaction, and briefings name earlier sources."""
    engine = databases.migrated()
    generate(engine, Plan(120, 7, 2), Progress(120, io.StringIO(), live=False))
    _assert_bodies_current(engine)


def test_a_load_s_batch_answers_for_other_records_from_the_database(
    databases: Databases,
) -> None:
    """A write renders its item with the batch of its load (``LoadBatch``): links and
    evidence of the records it wrote come from the load, those of any other record (an
    item's extras may ask) from the database, as a plain ``Batch`` gives them."""
    from briefings.seeding.render import LoadBatch
    from briefings.seeding.rows import RecordRows

    engine = databases.seeded()
    statements = REGISTRY.resources["statement"]
    link = next(link for link in statements.links if link.record_type == "actor")
    with session_scope(engine) as session:
        written, others = "nurtleu-trade-quote", ["avoid-dependence", "mobility-talks"]
        ids = [written, *others]
        rows = RecordRows("statement", statements.model, {"id": written}, {link.table: []})
        load, stored = (
            LoadBatch(session, REGISTRY.targets, [rows]),
            Batch(session, REGISTRY.targets),
        )

        assert load.links(link.table, link.column, ids) == stored.links(
            link.table, link.column, others
        )
        assert load.evidence("statement", ids) == stored.evidence("statement", others)
        assert stored.links(link.table, link.column, others)
        assert stored.evidence("statement", others)
