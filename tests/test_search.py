"""Full-text search: folding, documents, the query layer, the index's upkeep and /v1/search."""

import shutil
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import BindParameter, Engine, bindparam, event, select, text

from briefings import migrations
from briefings.db import session_scope
from briefings.errors import ProblemError
from briefings.lifecycle import seed
from briefings.migrations import include_object, reflecting
from briefings.models import Actor, Base, Place, Source
from briefings.search import query
from briefings.search.documents import RECORD_TYPES, Document, build_document
from briefings.search.folding import fold, query_tokens, searchable
from briefings.search.index import write_documents
from briefings.seeding.resolve import COLLECTIONS
from support import SEEDS_DIR, Databases


def hits(client: TestClient, **params: Any) -> list[tuple[str, str]]:
    response = client.get("/v1/search", params=params)
    assert response.status_code == 200, response.text
    return [(hit["type"], hit["id"]) for hit in response.json()["data"]]


# --- folding -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "folded"),
    [
        ("Énergie", "energie"),
        ("Bichkek", "bichkek"),
        ("sécurité de l\u2019eau", "securite de l'eau"),
        ("cœur", "cœur"),
        ("ÇA VA", "ca va"),
        ("Straße", "straße"),
        ("İstanbul", "istanbul"),
        ("Москва", "москва"),
        ("ﬁn", "ﬁn"),
        ("", ""),
    ],
)
def test_fold_lowercases_and_strips_accents_keeping_length(original: str, folded: str) -> None:
    assert fold(original) == folded
    assert len(fold(original)) == len(original)
    assert len(searchable(original)) == len(original)


@pytest.mark.parametrize(
    ("q", "tokens"),
    [
        ("énergie", ["energie"]),
        ("e\u0301nergie", ["energie"]),  # decomposed input is composed first
        ('"Bichkek" AND (water)*', ["bichkek", "and", "water"]),
        ("kazakho-kirghize", ["kazakho", "kirghize"]),
        ("foo_bar", ["foo", "bar"]),
        ("NEAR(a b)", ["near", "a", "b"]),
        ("'; -- \"*", []),
    ],
)
def test_query_tokens_are_folded_words_only(q: str, tokens: list[str]) -> None:
    assert query_tokens(q) == tokens


# --- documents -----------------------------------------------------------------------


def test_documents_take_names_as_title_and_prose_as_body() -> None:
    actor = build_document(
        "actor",
        Actor,
        {
            "id": "murat-nurtleu",
            "kind": "person",
            "name_fr": "Murat Nurtleu",
            "name_en": "Murat Nurtleu",
            "aliases": ["Nurtleu", "Мурат Нуртлеу"],
            "country": "KZ",
            "roles": [
                {
                    "title": {"fr": "ministre", "en": "minister"},
                    "organisation": "mfa-kz",
                    "country": "KZ",
                }
            ],
        },
    )
    assert actor.title == "Murat Nurtleu · Nurtleu · Мурат Нуртлеу"
    assert actor.body == "ministre\nminister"
    assert (actor.name_fr, actor.name_en) == ("Murat Nurtleu", "Murat Nurtleu")

    source = build_document(
        "source",
        Source,
        {
            "id": "s",
            "title_fr": "Titre",
            "title_en": "Title",
            "language": "fr",
            "text": "Le texte de l\u2019article.",
            "sha256": "ab" * 32,
            "publisher": "Eurasianet",
            "url": "https://example.org/article",
            "published_date": None,
            "sections": [{"heading": {"fr": "Énergie", "en": "Energy"}, "start": 0, "end": 5}],
        },
    )
    assert source.body == "Le texte de l\u2019article.\nEurasianet\nÉnergie\nEnergy"


def test_every_record_type_is_indexed() -> None:
    assert set(RECORD_TYPES) == {"source", *COLLECTIONS.values()}


# --- the query layer -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "message"),
    [("", "must not be blank"), (" \t\n", "must not be blank"), ("a" * 501, "at most 500")],
)
def test_parse_rejects_blank_or_too_long_queries(q: str, message: str) -> None:
    with pytest.raises(ProblemError, match=message) as caught:
        query.parse(q)
    assert caught.value.errors[0].parameter == "q"


def test_a_query_without_words_matches_nothing(seeded_engine: Engine) -> None:
    assert query.parse("«*»").tokens == ()
    with session_scope(seeded_engine) as session:
        assert query.search(session, "«*»", None, 10, 0) == (0, [])
        # A filter answers an empty page without asking the index.
        assert query.match_term(session, "«*»") is None


def test_fts5_and_tsquery_strings_only_hold_quoted_prefix_words() -> None:
    parsed = query.parse('Bichkek" OR * NEAR(eau')
    assert parsed.fts5 == '"bichkek"* AND "eau"* AND "near"* AND "or"*'
    assert parsed.tsquery == "bichkek:* & eau:* & near:* & or:*"


def test_snippet_marks_matches_in_the_original_text_and_escapes_it() -> None:
    snippet = query.snippet("Titre", "Sécurité de l\u2019eau <b>& énergie</b>", ("energ", "eau"))
    assert (
        snippet
        == "Sécurité de l\u2019<mark>eau</mark> &lt;b&gt;&amp; <mark>énergie</mark>&lt;/b&gt;"
    )


def test_snippet_is_a_window_around_the_first_match() -> None:
    body = (
        " ".join(f"mot{n}" for n in range(200))
        + " Bichkek "
        + " ".join(f"fin{n}" for n in range(200))
    )
    snippet = query.snippet("", body, ("bichkek",))
    assert snippet.startswith("…")
    assert snippet.endswith("…")
    assert "<mark>Bichkek</mark>" in snippet
    assert len(snippet) < 200


def test_matching_ids_filter_a_collection(seeded_engine: Engine) -> None:
    with session_scope(seeded_engine) as session:
        # The term is a bound parameter: one query serves every q.
        term: BindParameter[str] = bindparam("term", query.match_term(session, "Bichkek"))
        ids = session.scalars(
            select(Place.id).where(Place.id.in_(query.matching_ids(session, "place", term)))
        )
        assert list(ids) == ["bishkek"]


def test_postgresql_queries_use_the_gin_index(databases: Databases, seeded_engine: Engine) -> None:
    if databases.backend != "postgres":
        pytest.skip("PostgreSQL only")
    with session_scope(seeded_engine) as session:
        session.execute(text("SET LOCAL enable_seqscan = off"))
        statement = query._ranked(session, query.parse("bichkek"), None, last=19)
        compiled = statement.compile(
            dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}
        )
        plan = "\n".join(row[0] for row in session.execute(text(f"EXPLAIN {compiled}")))
        assert "ix_search_documents_tsv" in plan


# --- the index follows the data --------------------------------------------------------


def _modified_seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, folder)
    seed_file = next(folder.glob("*.yaml"))
    original = "Management of water resources and water security amid water stress."
    content = seed_file.read_text(encoding="utf-8")
    assert original in content
    seed_file.write_text(
        content.replace(original, "Quokka stewardship of rivers."), encoding="utf-8"
    )
    return folder


def _found(engine: Engine, q: str) -> list[tuple[str, str]]:
    with session_scope(engine) as session:
        _, found = query.search(session, q, None, 100, 0)
        return [(hit.record_type, hit.record_id) for hit in found]


def test_the_index_follows_data_changes(databases: Databases, tmp_path: Path) -> None:
    engine = databases.migrated()
    seed(engine, SEEDS_DIR)
    assert ("cooperation-area", "water") in _found(engine, "amid")
    assert _found(engine, "quokka") == []

    report = seed(engine, _modified_seeds(tmp_path))
    assert report.updated == 1
    assert _found(engine, "quokka stewardship") == [("cooperation-area", "water")]
    assert ("cooperation-area", "water") not in _found(engine, "amid")
    assert _found(engine, "Eau").count(("cooperation-area", "water")) == 1

    fresh = databases.migrated()
    seed(fresh, _modified_seeds(tmp_path / "fresh"))
    assert _found(fresh, "quokka") == [("cooperation-area", "water")]


def _index_rows(engine: Engine) -> tuple[int, int, int]:
    """Documents, index rows, and index rows found at their document's ``fts_rowid``
    under the same record type and id."""
    with session_scope(engine) as session:
        documents = session.scalar(text("SELECT count(*) FROM search_documents")) or 0
        rows = session.scalar(text("SELECT count(*) FROM search_fts")) or 0
        paired = session.scalar(
            text(
                "SELECT count(*) FROM search_documents d JOIN search_fts f "
                "ON f.rowid = d.fts_rowid "
                "AND f.record_type = d.record_type AND f.record_id = d.record_id"
            )
        )
        return documents, rows, paired or 0


def test_each_document_keeps_the_rowid_of_its_one_index_row(
    databases: Databases, tmp_path: Path
) -> None:
    engine = databases.migrated()
    seed(engine, SEEDS_DIR)
    seed(engine, _modified_seeds(tmp_path))
    if databases.backend != "sqlite":
        # The index is on search_documents itself: no rowid to keep.
        with session_scope(engine) as session:
            kept = session.scalar(text("SELECT count(fts_rowid) FROM search_documents"))
        assert kept == 0
        return
    documents, rows, paired = _index_rows(engine)
    assert documents > 50
    assert (rows, paired) == (documents, documents)
    # A database indexed before the column existed gets it by the migration.
    migrations.downgrade(engine, "0008")
    migrations.upgrade(engine)
    assert _index_rows(engine) == (documents, documents, documents)


def test_an_update_deletes_its_index_rows_by_rowid_without_reading_the_others(
    databases: Databases, tmp_path: Path
) -> None:
    if databases.backend != "sqlite":
        pytest.skip("FTS5 is SQLite's")
    engine = databases.migrated()
    seed(engine, SEEDS_DIR)
    deletes: list[tuple[str, Any]] = []

    def watch(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("DELETE FROM SEARCH_FTS"):
            deletes.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", watch)
    try:
        assert seed(engine, _modified_seeds(tmp_path)).updated == 1
    finally:
        event.remove(engine, "before_cursor_execute", watch)
    assert deletes
    with engine.connect() as connection:
        for statement, parameters in deletes:
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            # "INDEX 0:" with no constraint after it is a scan of every row.
            assert all(not str(step[-1]).endswith(":") for step in plan), plan
    assert _found(engine, "quokka stewardship") == [("cooperation-area", "water")]


def test_upgrading_to_0002_indexes_existing_records(databases: Databases) -> None:
    engine = databases.seeded()
    migrations.downgrade(engine, "0001")
    migrations.upgrade(engine)
    assert _found(engine, "Bishkek")[0] == ("place", "bishkek")


def test_migration_matches_the_metadata_with_the_include_object_filter(
    databases: Databases, seeded_engine: Engine
) -> None:
    with seeded_engine.connect() as connection, reflecting():
        context = MigrationContext.configure(
            connection, opts={"include_object": include_object, "compare_type": True}
        )
        diff = compare_metadata(context, Base.metadata)
    assert [change for change in diff if "search" in repr(change)] == []


# --- /v1/search ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "first"),
    [
        ("energie", ("cooperation-area", "energy")),
        ("Énergie", ("cooperation-area", "energy")),
        ("Bichkek", ("place", "bishkek")),
        ("Bishkek", ("place", "bishkek")),
        ("bichk", ("place", "bishkek")),
        ("Nurtleu", ("actor", "murat-nurtleu")),
        ("water", ("cooperation-area", "water")),
        ("eau", ("cooperation-area", "water")),
    ],
)
def test_search_ranks_the_named_record_first(
    client: TestClient, q: str, first: tuple[str, str]
) -> None:
    assert hits(client, q=q)[0] == first


@pytest.mark.parametrize(
    ("q", "member"),
    [
        ("water", ("statement", "kyrgyzstan-water-commitment")),
        ("Bichkek", ("statement", "kyrgyzstan-water-commitment")),
        ("ressources hydriques", ("statement", "kyrgyzstan-water-commitment")),
        ("securite eau", ("source", "kazakhstan-kyrgyzstan-2025-08-01")),
        ("electricite", ("statement", "kazakhstan-energy-supply-assessment")),
        ("winter months", ("statement", "kazakhstan-energy-supply-assessment")),
        ("Jeenbek Kulubaev", ("statement", "nurtleu-trade-quote")),
    ],
)
def test_search_finds_french_and_english_text(
    client: TestClient, q: str, member: tuple[str, str]
) -> None:
    assert member in hits(client, q=q, limit=100)


def test_a_hit_carries_a_reference_score_and_marked_snippet(client: TestClient) -> None:
    response = client.get("/v1/search", params={"q": "bishkek", "type": "place"})
    assert response.status_code == 200
    body = response.json()
    assert body["meta"] == {"total": 1, "q": "bishkek"}
    assert body["links"] == {
        "self": "/v1/search?q=bishkek&type=place&limit=20&offset=0",
        "next": None,
    }
    [hit] = body["data"]
    assert hit["ref"] == {
        "id": "bishkek",
        "type": "place",
        "name": {"fr": "Bichkek", "en": "Bishkek"},
        "href": "/v1/places/bishkek",
    }
    assert (hit["type"], hit["id"]) == ("place", "bishkek")
    assert hit["snippet"] == "Bichkek · <mark>Bishkek</mark>"
    assert isinstance(hit["score"], float)


def test_every_snippet_marks_a_match(client: TestClient) -> None:
    data = client.get("/v1/search", params={"q": "cooperation", "limit": 100}).json()["data"]
    assert data
    assert all("<mark>" in hit["snippet"] for hit in data)


def test_type_filter_restricts_types(client: TestClient) -> None:
    everything = hits(client, q="Bichkek", limit=100)
    assert {t for t, _ in everything} > {"statement"}
    statements = hits(client, q="Bichkek", type="statement", limit=100)
    assert statements == [hit for hit in everything if hit[0] == "statement"]
    both = hits(client, q="Bichkek", type=["statement", "place"], limit=100)
    assert both == [hit for hit in everything if hit[0] in {"statement", "place"}]


def test_pages_follow_the_ranking(client: TestClient) -> None:
    everything = hits(client, q="Bichkek", limit=100)
    first = client.get("/v1/search", params={"q": "Bichkek", "limit": 2})
    assert first.json()["links"]["next"] == "/v1/search?q=bichkek&limit=2&offset=2"
    assert first.headers["Link"] == '</v1/search?q=bichkek&limit=2&offset=2>; rel="next"'
    second = client.get(first.json()["links"]["next"])
    paged = [(h["type"], h["id"]) for h in first.json()["data"] + second.json()["data"]]
    assert paged == everything[:4]
    assert second.json()["meta"]["total"] == len(everything)


def test_a_page_cut_among_equal_scores_keeps_them_in_type_and_id_order(
    databases: Databases,
) -> None:
    """SQLite ranks by score alone first and reads the type and id only of the rows that
    can be on the page: those tied with the page's last row must all be read."""
    engine = databases.seeded()
    same = [
        Document("place", f"quokka-{n}", "Quokka", "Quokka", "Quokka", "Quokka")
        for n in (4, 0, 6, 2, 5, 1, 3)
    ]
    with session_scope(engine) as session, session.begin():
        write_documents(session, same, replace=False)
    with session_scope(engine) as session:
        total, every = query.search(session, "quokka", None, 100, 0)
        order = [hit.record_id for hit in every]
        assert total == 7
        assert order == [f"quokka-{n}" for n in range(7)]
        for offset in range(8):
            for limit in (1, 2, 3):
                _, page = query.search(session, "quokka", None, limit, offset)
                assert [hit.record_id for hit in page] == order[offset : offset + limit]


def test_answers_carry_an_etag_and_revalidate(client: TestClient) -> None:
    response = client.get("/v1/search", params={"q": "energie"})
    assert response.headers["Cache-Control"].startswith("public")
    again = client.get(
        "/v1/search", params={"q": "energie"}, headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize(
    ("q", "status"),
    [
        ('"', 200),
        ("*", 200),
        ("NEAR(a b)", 200),
        ("(", 200),
        (")", 200),
        ("-", 200),
        ("a" * 5000, 400),
        ("AND", 200),
        ("OR NOT", 200),
        ("'; drop table x; --", 200),
        ('"Bichkek" OR "eau"*', 200),
        ("Bichkek:* & !eau", 200),
        ("\x00", 200),
        ("", 400),
        ("   ", 400),
        ("a" * 500, 200),
        (" ".join("a" * 250), 200),
    ],
)
def test_hostile_queries_are_answered_never_a_500(client: TestClient, q: str, status: int) -> None:
    response = client.get("/v1/search", params={"q": q})
    assert response.status_code == status, response.text
    if status == 400:
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["errors"][0]["parameter"] == "q"


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({}, "q"),
        ({"q": "eau", "limit": 0}, "limit"),
        ({"q": "eau", "limit": 101}, "limit"),
        ({"q": "eau", "offset": -1}, "offset"),
        ({"q": "eau", "offset": 10001}, "offset"),
        ({"q": "eau", "limit": "many"}, "limit"),
        ({"q": "eau", "type": "person"}, "type"),
        ({"q": "eau", "sort": "score"}, "sort"),
        ({"q": "eau", "Q": "eau"}, "Q"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(
    client: TestClient, params: dict[str, Any], parameter: str
) -> None:
    response = client.get("/v1/search", params=params)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [error["parameter"] for error in response.json()["errors"]] == [parameter]


def test_openapi_documents_the_route(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/v1/search"]["get"]
    assert operation["summary"]
    assert operation["description"]
    ok = operation["responses"]["200"]["content"]["application/json"]
    assert ok["schema"]["$ref"].endswith("/SearchPage")
    # The example is the answer to the operation's own parameter examples.
    example = ok["example"]
    assert example["links"]["self"] == "/v1/search?q=kazakhstan&type=statement&limit=2&offset=0"
    assert example["data"][0]["ref"]["href"].startswith("/v1/statements/")
    assert example["links"]["next"] is not None
    problem = operation["responses"]["400"]["content"]
    assert next(iter(problem.values()))["schema"]["$ref"].endswith("/Problem")
