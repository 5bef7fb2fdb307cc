"""A seed run makes the curated records equal to the files: what the files no longer
hold is deleted, with its links, evidence and search entries, in the same transaction
as the rest; records of other origins are never touched. On every backend."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, func, select

from briefings.db import session_scope
from briefings.lifecycle import load, plan_seed, prune, seed
from briefings.models import Actor, Evidence, Statement
from briefings.models.links import statement_areas, statement_countries
from briefings.search.models import SearchDocument
from briefings.seeding import SYNTHETIC, LoadRefused, ParsedSeed, resolve, stored_ids
from briefings.seeding.quotes import Span
from briefings.seeding.removal import remove
from briefings.seeding.schemas import SeedFile
from support import (
    SEED_FILE,
    SEEDS_DIR,
    WATER_ARTICLE,
    Databases,
    copy_seeds,
    make_client,
    snapshot,
    water_accord,
)

STATEMENT = "nurtleu-trade-quote"
SOURCE = "kazakhstan-kyrgyzstan-2025-08-01"


def rewrite(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = folder / SEED_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def drop_statement(data: dict[str, Any]) -> None:
    data["statements"] = [s for s in data["statements"] if s["id"] != STATEMENT]


def rename_statement(data: dict[str, Any]) -> None:
    for statement in data["statements"]:
        if statement["id"] == STATEMENT:
            statement["id"] = "nurtleu-trade-remark"


def traces(engine: Engine, record_type: str, record_id: str) -> dict[str, int]:
    """Rows anywhere that belong to the record."""
    with engine.connect() as connection:
        count: Callable[[Any], int] = lambda query: connection.scalar(query) or 0  # noqa: E731
        return {
            "evidence": count(
                select(func.count()).where(
                    Evidence.record_type == record_type, Evidence.record_id == record_id
                )
            ),
            "search": count(
                select(func.count()).where(
                    SearchDocument.record_type == record_type, SearchDocument.record_id == record_id
                )
            ),
            "countries": count(
                select(func.count()).where(statement_countries.c.record_id == record_id)
            ),
            "areas": count(select(func.count()).where(statement_areas.c.record_id == record_id)),
        }


def test_a_record_removed_from_the_files_is_deleted_everywhere(
    databases: Databases, tmp_path: Path
) -> None:
    engine = databases.seeded()
    assert all(traces(engine, "statement", STATEMENT).values())
    folder = copy_seeds(tmp_path)
    rewrite(folder, drop_statement)

    report = seed(engine, folder)

    assert (report.inserted, report.updated, report.deleted) == (0, 0, 1)
    assert report.summary().startswith("0 inserted, 0 updated, 1 deleted, ")
    assert traces(engine, "statement", STATEMENT) == dict.fromkeys(traces(engine, "", ""), 0)
    client = make_client(engine)
    # Deleted, not unknown: 410 with its history (tests/living/test_changes.py).
    assert client.get(f"/v1/statements/{STATEMENT}").status_code == 410
    listed = client.get("/v1/statements", params={"limit": 100}).text
    assert STATEMENT not in listed
    assert STATEMENT not in client.get("/v1/search", params={"q": "solidité"}).text
    # Seeding the same files again finds nothing left to do.
    assert seed(engine, folder).deleted == 0


def test_a_renamed_id_is_one_insert_and_one_delete(databases: Databases, tmp_path: Path) -> None:
    engine = databases.seeded()
    folder = copy_seeds(tmp_path)
    rewrite(folder, rename_statement)

    report = seed(engine, folder)

    assert (report.inserted, report.updated, report.deleted) == (1, 0, 1)
    client = make_client(engine)
    assert client.get(f"/v1/statements/{STATEMENT}").status_code == 410
    assert client.get("/v1/statements/nurtleu-trade-remark").status_code == 200


def add_second_article(folder: Path) -> None:
    """``support.water_accord`` as seed files: the article's text in a file of its own."""
    (folder / "water.fr.txt").write_text(WATER_ARTICLE, encoding="utf-8")
    document = water_accord()
    del document["source"]["text"]
    document["source"]["file"] = "water.fr.txt"
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    (folder / "water.yaml").write_text(text, encoding="utf-8")


def test_removing_a_whole_article_removes_its_source_and_records(
    databases: Databases, tmp_path: Path
) -> None:
    engine = databases.seeded()
    folder = copy_seeds(tmp_path)
    add_second_article(folder)
    assert seed(engine, folder).inserted == 3
    (folder / "water.yaml").unlink()
    (folder / "water.fr.txt").unlink()

    report = seed(engine, folder)

    assert (report.inserted, report.updated, report.deleted) == (0, 0, 3)
    client = make_client(engine)
    for path in ("sources/water-accord", "actors/uzbekistan", "statements/water-accord-signed"):
        assert client.get(f"/v1/{path}").status_code == 410, path
    with engine.connect() as connection:
        assert (
            connection.scalar(select(func.count()).where(Evidence.source_id == "water-accord")) == 0
        )


def test_deletes_and_writes_are_one_transaction(
    databases: Databases, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = databases.seeded()
    before = snapshot(engine)
    folder = copy_seeds(tmp_path)
    rewrite(folder, rename_statement)

    def remove_then_fail(*args: Any) -> int:
        remove(*args)
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("briefings.seeding.loader.remove", remove_then_fail)

    with pytest.raises(RuntimeError, match="the disk is full"):
        seed(engine, folder)

    assert snapshot(engine) == before


def test_a_dry_run_plans_and_writes_nothing(databases: Databases, tmp_path: Path) -> None:
    engine = databases.seeded()
    before = snapshot(engine)
    folder = copy_seeds(tmp_path)
    rewrite(folder, rename_statement)

    plan = plan_seed(engine, folder)

    assert plan.changes() == {
        "statement": {"insert": ["nurtleu-trade-remark"], "delete": [STATEMENT]}
    }
    assert snapshot(engine) == before


def synthetic_statement(record_id: str, speaker: str) -> ParsedSeed:
    """A record of another origin that names curated ones: its speaker and its source."""
    document = SeedFile.model_validate(
        {
            "source": {
                "id": "syn-import",
                "file": "syn-import.fr.txt",
                "title": {"fr": "Import", "en": "Import"},
                "language": "fr",
            },
            "statements": [
                {
                    "id": record_id,
                    "speaker": speaker,
                    "kind": "position",
                    "text": "Bichkek",
                    "translation": "Bishkek",
                    "language": "fr",
                    "evidence": ["Bichkek"],
                }
            ],
        }
    )
    return ParsedSeed.in_memory(document, "Bichkek")


def load_synthetic(engine: Engine, document: ParsedSeed) -> None:
    with session_scope(engine) as session:
        known = stored_ids(session, ["actor", "source"])
    bundle, problems = resolve([document], known)
    assert problems == []
    # Evidence in a curated source too (a resolution only quotes the texts it reads).
    text = (SEEDS_DIR / f"{SOURCE}.fr.txt").read_text(encoding="utf-8")
    bundle.records[-1].evidence.append(Span(SOURCE, 0, 10, text[:10]))
    load(engine, bundle, SYNTHETIC)


def test_a_seed_run_never_touches_records_of_another_origin(
    databases: Databases, tmp_path: Path
) -> None:
    engine = databases.seeded()
    load_synthetic(engine, synthetic_statement("syn-remark", "murat-nurtleu"))
    folder = copy_seeds(tmp_path)
    rewrite(folder, drop_statement)

    assert seed(engine, folder).deleted == 1
    assert make_client(engine).get("/v1/statements/syn-remark").status_code == 200

    # Deleting what it names would change it: the whole run is refused instead.
    before = snapshot(engine)
    with pytest.raises(LoadRefused) as refused:
        prune(engine, "seed")
    assert (
        "actor 'murat-nurtleu' cannot be removed: statement 'syn-remark' (origin 'synthetic') "
        "names it"
    ) in refused.value.reasons
    assert (
        f"source '{SOURCE}' cannot be removed: statement 'syn-remark' (origin 'synthetic') names it"
    ) in refused.value.reasons
    assert snapshot(engine) == before


def test_a_load_never_overwrites_a_record_of_another_origin(databases: Databases) -> None:
    engine = databases.seeded()
    before = snapshot(engine)
    with pytest.raises(LoadRefused) as refused:
        load_synthetic(engine, synthetic_statement(STATEMENT, "murat-nurtleu"))
    assert refused.value.reasons == [
        f"statement '{STATEMENT}' is already stored with origin 'seed'; "
        "a 'synthetic' load never overwrites it"
    ]
    assert snapshot(engine) == before
    with engine.connect() as connection:
        origins = set(connection.scalars(select(Actor.origin).distinct()))
        assert origins == {"seed"}
        assert connection.scalar(select(Statement.origin).where(Statement.id == STATEMENT)) == (
            "seed"
        )
