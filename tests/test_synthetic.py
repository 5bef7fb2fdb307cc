"""The synthetic generator: deterministic for a seed, quotes that resolve, idempotent
through the seeds' loading path, refusing nonsense, on every backend."""

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from briefings import cli
from briefings.config import get_settings
from briefings.db import get_engine, make_engine
from briefings.lifecycle import prune
from briefings.models import Actor, Base, DataRevision, Evidence, Source, Statement
from briefings.seeding import stored_ids
from briefings.seeding.reader import ParsedSeed
from briefings.seeding.resolve import resolve
from briefings.synthetic import Generated, GenerationRefused, Plan, Progress, generate
from briefings.synthetic.articles import write_article
from briefings.synthetic.world import build_world
from support import Databases, snapshot

SMALL = 200


def quiet(total: int) -> Progress:
    class Sink:
        def write(self, _text: str) -> int:
            return 0

        def flush(self) -> None:
            pass

    return Progress(total, Sink(), live=False)  # type: ignore[arg-type]


def database_hash(engine: Engine) -> str:
    """Every row of every table in key order; data_revision.changed_at is a clock."""
    digest = hashlib.sha256()
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if c.name != "changed_at"]
            query = select(*columns).order_by(*table.primary_key.columns)
            digest.update(table.name.encode())
            for row in connection.execute(query):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def run(engine: Engine, statements: int = SMALL, seed: int = 7, chunk: int = 2) -> Generated:
    return generate(engine, Plan(statements, seed, chunk), quiet(statements))


def test_the_same_seed_gives_the_same_database(databases: Databases) -> None:
    first, second, other = databases.migrated(), databases.migrated(), databases.migrated()
    run(first)
    run(second)
    run(other, seed=8)
    assert database_hash(first) == database_hash(second)
    assert database_hash(first) != database_hash(other)


def test_the_plan_is_honoured(databases: Databases) -> None:
    engine = databases.migrated()
    run(engine, statements=123)
    with engine.connect() as connection:
        statements = connection.scalar(select(Statement.id).where(Statement.id.like("syn-%")))
        assert statements is not None
        kinds = set(connection.scalars(select(Statement.kind).distinct()))
        count = connection.execute(select(Statement.id)).all()
    assert len(count) == 123
    assert kinds == {
        "direct-quote",
        "reported-speech",
        "commitment",
        "proposal",
        "position",
        "assessment",
    }


def test_evidence_spans_are_slices_of_their_source(databases: Databases) -> None:
    engine = databases.migrated()
    run(engine)
    with engine.connect() as connection:
        texts = {row.id: row.text for row in connection.execute(select(Source.id, Source.text))}
        spans = connection.execute(
            select(Evidence.source_id, Evidence.start, Evidence.end, Evidence.text)
        ).all()
        statements = connection.execute(select(Statement.id, Statement.text)).all()
    assert len(spans) > SMALL
    for source_id, start, end, text in spans:
        assert texts[source_id][start:end] == text
    for statement_id, text in statements:
        source_id = statement_id.rsplit("-st", 1)[0]
        assert text in texts[source_id]


def test_generating_twice_changes_nothing(databases: Databases) -> None:
    engine = databases.migrated()
    first = run(engine)
    before = database_hash(engine)
    with engine.connect() as connection:
        revision = connection.scalar(select(DataRevision.revision))

    again = generate(engine, Plan(SMALL, 7, 5), quiet(SMALL))

    assert (again.inserted, again.updated) == (0, 0)
    assert again.unchanged == first.inserted
    assert again.revision == revision
    assert database_hash(engine) == before


def test_generate_refuses_a_curated_database_unless_allowed(databases: Databases) -> None:
    engine = databases.seeded()
    before = snapshot(engine)
    curated = stored_ids_of(engine)
    with pytest.raises(GenerationRefused, match="this database holds curated records"):
        run(engine, statements=60)
    assert snapshot(engine) == before

    generate(engine, Plan(60, 7, 2), quiet(60), allow_curated=True)

    after = stored_ids_of(engine)
    assert curated["statement"] <= after["statement"]
    assert all(i.startswith("syn-") for i in after["statement"] - curated["statement"])


def test_generated_records_say_their_origin(databases: Databases) -> None:
    engine = databases.migrated()
    run(engine, statements=60)
    with engine.connect() as connection:
        for model in (Source, Statement, Actor):
            assert set(connection.scalars(select(model.origin).distinct())) == {"synthetic"}


def test_prune_removes_the_synthetic_data_and_only_it(databases: Databases) -> None:
    curated = databases.seeded()
    expected = snapshot(curated)
    engine = databases.seeded()
    generate(engine, Plan(120, 7, 2), quiet(120), allow_curated=True)

    report = prune(engine, "synthetic")

    assert report.deleted > 120
    after = snapshot(engine)
    # Only the data revision moved (two loads and the prune) and the change log grew by
    # what was generated and pruned; the records are the seeds'.
    moved = ("data_revision", "changes")
    assert {k: v for k, v in after.items() if k not in moved} == {
        k: v for k, v in expected.items() if k not in moved
    }
    assert prune(engine, "synthetic").deleted == 0


def stored_ids_of(engine: Engine) -> dict[str, set[str]]:
    from briefings.db import session_scope

    with session_scope(engine) as session:
        return stored_ids(session, ["statement", "actor"])


def test_another_seed_is_refused_on_a_generated_database(databases: Databases) -> None:
    engine = databases.migrated()
    run(engine, statements=10)
    with pytest.raises(GenerationRefused, match="generated with seed 7"):
        run(engine, statements=10, seed=3)


def test_an_article_resolves_only_with_the_registry_known() -> None:
    world = build_world(1)
    article = write_article(world, 1, 0, 50, None)
    document = ParsedSeed.in_memory(article.seed, article.text)

    _, without = resolve([document])
    bundle, with_known = resolve([document], world.ids())

    assert without
    assert all("unknown" in problem.reason for problem in without)
    assert with_known == []
    assert len([r for r in bundle.records if r.type == "statement"]) == 50


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--statements", "0"], "argument --statements: must be at least 1, not 0"),
        (["--statements", "-5"], "argument --statements: must be at least 1, not -5"),
        (["--statements", "ten"], "argument --statements: must be a whole number, not 'ten'"),
        (["--statements", "1.5"], "argument --statements: must be a whole number, not '1.5'"),
        (["--statements", "10", "--seed", "-1"], "argument --seed: must be at least 0, not -1"),
        (
            ["--statements", "10", "--chunk-sources", "0"],
            "argument --chunk-sources: must be at least 1, not 0",
        ),
        ([], "the following arguments are required: --statements"),
    ],
)
def test_nonsense_is_refused_with_exit_code_2(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["generate", *arguments])
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def test_the_command_generates_and_refuses_another_seed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'synthetic.db'}"
    monkeypatch.setenv("BRIEFINGS_DATABASE_URL", url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        assert cli.main(["generate", "--statements", "60", "--seed", "4", "--progress"]) == 0
        out = capsys.readouterr()
        assert "100.0%" in out.err
        assert "generated 60 statements in 2 sources (seed 4)" in out.err
        assert cli.main(["generate", "--statements", "60", "--seed", "5"]) == 2
        assert "generated with seed 4" in capsys.readouterr().err
        assert cli.main(["prune", "--origin", "synthetic"]) == 0
        assert capsys.readouterr().out.startswith("392 synthetic records deleted (data revision ")
        assert cli.main(["seed"]) == 0
        assert cli.main(["generate", "--statements", "60", "--seed", "4"]) == 2
        assert "--allow-curated" in capsys.readouterr().err
        assert cli.main(["generate", "--statements", "60", "--allow-curated"]) == 0
    finally:
        get_engine().dispose()
        get_settings.cache_clear()
        get_engine.cache_clear()
    engine = make_engine(url)
    with engine.connect() as connection:
        origins = connection.execute(
            select(Statement.origin, func.count()).group_by(Statement.origin)
        ).all()
    engine.dispose()
    assert sorted(origins) == [("seed", 13), ("synthetic", 60)]


def test_plan_refuses_nonsense_in_code() -> None:
    with pytest.raises(ValueError, match="statements must be at least 1"):
        Plan(0)
    with pytest.raises(ValueError, match="seed must be 0 or more"):
        Plan(10, -1)
    with pytest.raises(ValueError, match="chunk_sources must be at least 1"):
        Plan(10, 0, 0)


def test_progress_draws_rate_and_eta() -> None:
    import io

    ticks = iter([0.0, 1.0, 2.0, 2.0, 2.0])
    stream = io.StringIO()
    progress = Progress(100, stream, live=True, clock=lambda: next(ticks))
    progress.advance(50)
    progress.finish("done")
    text = stream.getvalue()
    assert "\r 50.0% |" in text
    assert "50/100 statements  50/s  ETA 1s" in text
    assert text.endswith("done\n")
