"""Seeding: a bad seed file is rejected with file, record, line and reason, and writes
nothing; a good one loads idempotently, on every backend."""

import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, select

from briefings.lifecycle import seed
from briefings.models import DataRevision, Statement
from briefings.seeding import SeedError, SeedProblem, check_seeds
from support import SEED_FILE, SEEDS_DIR, Databases, copy_seeds, edit, snapshot


def _record(collection: str, record_id: str) -> str:
    """The label the seeding code gives a record: ``statements[3] (id 'x')``."""
    data = yaml.safe_load((SEEDS_DIR / SEED_FILE).read_text(encoding="utf-8"))
    ids = [item["id"] for item in data[collection]]
    return f"{collection}[{ids.index(record_id)}] (id {record_id!r})"


@dataclass(frozen=True)
class BadCase:
    name: str
    old: str
    new: str
    record: tuple[str, str]
    reason: str
    occurrence: int = 1

    def apply(self, folder: Path) -> int:
        return edit(folder, self.old, self.new, self.occurrence)


BAD_CASES = [
    BadCase(
        "quote not in the source",
        '      - "UE"\n',
        '      - "OTAN"\n',
        ("actors", "eu"),
        "evidence[0]: quote 'OTAN' is not in source 'kazakhstan-kyrgyzstan-2025-08-01'",
    ),
    BadCase(
        "ambiguous quote without occurrence",
        '      - {quote: "Bichkek", occurrence: 3}\n',
        '      - "Bichkek"\n',
        ("actors", "kyrgyzstan"),
        "evidence[2]: quote 'Bichkek' occurs 3 times in source "
        "'kazakhstan-kyrgyzstan-2025-08-01'; say which with occurrence: N",
    ),
    BadCase(
        "occurrence beyond the count",
        '      - {quote: "Bichkek", occurrence: 3}\n',
        '      - {quote: "Bichkek", occurrence: 4}\n',
        ("actors", "kyrgyzstan"),
        "evidence[2]: quote 'Bichkek' occurs 3 times in source "
        "'kazakhstan-kyrgyzstan-2025-08-01', not 4",
    ),
    BadCase(
        "unknown statement speaker",
        "    speakers: [murat-nurtleu]\n",
        "    speakers: [murat-nurtlew]\n",
        ("statements", "nurtleu-trade-quote"),
        "speakers: unknown actor 'murat-nurtlew'",
    ),
    BadCase(
        "invalid date",
        "    date: 2025-08-01\n    visitor: murat-nurtleu\n",
        "    date: 2025-08-32\n    visitor: murat-nurtleu\n",
        ("visits", "nurtleu-bishkek-2025-08-01"),
        "date: '2025-08-32' is not a valid date",
    ),
    BadCase(
        "invalid currency",
        '    currency: USD\n    qualifier: exact\n    period: "2024"\n',
        '    currency: USX\n    qualifier: exact\n    period: "2024"\n',
        ("figures", "kz-kg-trade-2024"),
        "currency: 'USX' is not an ISO 4217 currency code",
    ),
    BadCase(
        "invalid country code",
        "    country: KG\n    latitude: 42.8746\n",
        "    country: XX\n    latitude: 42.8746\n",
        ("places", "bishkek"),
        "country: 'XX' is not an ISO 3166-1 alpha-2 country code (or EU)",
    ),
    BadCase(
        "duplicate id",
        "  - id: china\n",
        "  - id: russia\n",
        ("actors", "china"),
        "duplicate id: another actor is already called 'russia'",
    ),
    BadCase(
        "unknown key (a typo)",
        "    reported_by: eurasianet\n",
        "    reportedby: eurasianet\n",
        ("statements", "meloni-central-asia-proposal"),
        "unknown field 'reportedby'; did you mean 'reported_by'?",
    ),
    BadCase(
        "statement text not in the source",
        '    text: "Toutefois, cette ambition reste encore peu concrète"\n',
        '    text: "Toutefois, cette ambition reste très concrète"\n',
        ("statements", "meloni-proposal-not-concrete"),
        "text: quote 'Toutefois, cette ambition reste très concrète' is not in source",
    ),
]


def _label(case: BadCase) -> str:
    collection, record_id = case.record
    label = _record(collection, record_id)
    # The duplicate is reported on the record that repeats the id, which now says 'russia'.
    return label.replace("'china'", "'russia'") if case.name == "duplicate id" else label


@pytest.mark.parametrize("case", BAD_CASES, ids=[case.name for case in BAD_CASES])
def test_a_bad_seed_is_rejected_with_file_record_line_and_reason(
    case: BadCase, tmp_path: Path
) -> None:
    folder = copy_seeds(tmp_path)
    line = case.apply(folder)

    with pytest.raises(SeedError) as raised:
        check_seeds(folder)

    problems = raised.value.problems
    assert len(problems) == 1, "\n".join(str(p) for p in problems)
    problem = problems[0]
    assert problem.file == SEED_FILE
    assert problem.record == _label(case)
    assert problem.reason.startswith(case.reason), problem.reason
    assert problem.line == line
    assert f"{SEED_FILE}:{line}: {problem.record}: " in str(raised.value)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    folder = copy_seeds(tmp_path)
    for case in (BAD_CASES[0], BAD_CASES[3], BAD_CASES[9]):
        case.apply(folder)
    with pytest.raises(SeedError) as raised:
        check_seeds(folder)
    assert len(raised.value.problems) == 3


def test_a_misspelt_key_hides_neither_a_bad_quote_nor_an_unknown_id(tmp_path: Path) -> None:
    folder = copy_seeds(tmp_path)
    # In one record: a misspelt key holding an unknown id. Elsewhere: a bad quote.
    typo = edit(folder, "    speakers: [murat-nurtleu]\n", "    speakrs: [nobody]\n")
    quote = edit(folder, '      - "UE"\n', '      - "OTAN"\n')

    with pytest.raises(SeedError) as raised:
        check_seeds(folder)

    statement = _record("statements", "nurtleu-trade-quote")
    assert sorted(raised.value.problems, key=lambda p: p.line or 0) == [
        SeedProblem(
            SEED_FILE,
            _record("actors", "eu"),
            "evidence[0]: quote 'OTAN' is not in source 'kazakhstan-kyrgyzstan-2025-08-01'",
            quote,
        ),
        # Checked under the name it was meant to have, found on its record's line.
        SeedProblem(SEED_FILE, statement, "speakers: unknown actor 'nobody'", typo - 1),
        SeedProblem(
            SEED_FILE, statement, "unknown field 'speakrs'; did you mean 'speakers'?", typo
        ),
    ]


def test_problems_are_said_in_plain_words(tmp_path: Path) -> None:
    folder = copy_seeds(tmp_path)
    wordy = ("invalid date", "invalid currency", "invalid country code", "unknown key (a typo)")
    for case in BAD_CASES:
        if case.name in wordy:
            case.apply(folder)
    edit(folder, "    kind: direct-quote\n", "    kind: quote\n")
    edit(
        folder,
        '      - "Toutefois, cette ambition reste encore peu concrète."\n',
        '      - {quote: "Toutefois", occurence: 1}\n',
    )

    with pytest.raises(SeedError) as raised:
        check_seeds(folder)

    reasons = [problem.reason for problem in raised.value.problems]
    assert "kind: 'quote' is not one of 'direct-quote', " in "\n".join(reasons)
    assert "evidence[0]: unknown field 'occurence'; did you mean 'occurrence'?" in reasons
    for jargon in ("Extra inputs", "Input should", "Value error", "Field required"):
        assert not [reason for reason in reasons if jargon in reason], jargon


@pytest.mark.parametrize("files", [[], ["kazakhstan-kyrgyzstan-2025-08-01.fr.txt"]])
def test_a_folder_without_seed_files_is_a_problem(files: list[str], tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for name in files:
        shutil.copy(SEEDS_DIR / name, folder / name)
    with pytest.raises(SeedError) as raised:
        check_seeds(folder)
    assert raised.value.problems == [
        SeedProblem(str(folder), "folder", "no seed file (*.yaml or *.yml) in the folder")
    ]


def test_a_missing_seeds_folder_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(SeedError) as raised:
        check_seeds(tmp_path / "nowhere")
    assert raised.value.problems == [
        SeedProblem(str(tmp_path / "nowhere"), "folder", "the seeds folder does not exist")
    ]


def test_the_curated_seeds_are_valid() -> None:
    bundle = check_seeds(SEEDS_DIR)
    assert bundle.records


# --- loading ---------------------------------------------------------------------------


def data_revision(engine: Engine) -> tuple[int, Any] | None:
    with engine.connect() as connection:
        row = connection.execute(
            select(DataRevision.revision, DataRevision.changed_at).where(DataRevision.id == 1)
        ).one_or_none()
    return None if row is None else (row.revision, row.changed_at)


@pytest.fixture(scope="module")
def loaded_engine(databases: Databases) -> Engine:
    """A database holding the curated seeds, for tests that try (and fail) to write."""
    return databases.seeded()


@pytest.mark.parametrize("case", BAD_CASES, ids=[case.name for case in BAD_CASES])
def test_a_bad_load_leaves_the_database_exactly_as_it_was(
    case: BadCase, loaded_engine: Engine, tmp_path: Path
) -> None:
    folder = copy_seeds(tmp_path)
    # A good change next to the bad one: the load must not write it either.
    edit(folder, "Dialogue politique de haut niveau", "Dialogue politique au plus haut niveau")
    case.apply(folder)
    rows_before = snapshot(loaded_engine)
    revision_before = data_revision(loaded_engine)

    with pytest.raises(SeedError):
        seed(loaded_engine, folder)

    assert {name: len(rows) for name, rows in snapshot(loaded_engine).items()} == {
        name: len(rows) for name, rows in rows_before.items()
    }
    assert snapshot(loaded_engine) == rows_before
    assert data_revision(loaded_engine) == revision_before


def test_loading_the_same_seeds_twice_changes_nothing(databases: Databases) -> None:
    engine = databases.migrated()
    first = seed(engine, SEEDS_DIR)
    assert first.inserted == len(check_seeds(SEEDS_DIR).records)
    assert (first.updated, first.revision) == (0, 1)
    rows = snapshot(engine)
    revision = data_revision(engine)

    second = seed(engine, SEEDS_DIR)

    assert (second.inserted, second.updated) == (0, 0)
    assert second.unchanged == first.inserted
    assert second.revision == first.revision
    assert snapshot(engine) == rows
    assert data_revision(engine) == revision


def test_changing_one_translation_updates_one_record_and_bumps_the_revision(
    databases: Databases, tmp_path: Path
) -> None:
    engine = databases.seeded()
    revision_before = data_revision(engine)
    assert revision_before is not None
    folder = copy_seeds(tmp_path)
    edit(
        folder,
        'translation: "However, this ambition is still not very concrete"',
        'translation: "However, this ambition is still far from concrete"',
    )

    report = seed(engine, folder)

    assert (report.inserted, report.updated) == (0, 1)
    assert report.revision == revision_before[0] + 1
    revision_after = data_revision(engine)
    assert revision_after is not None
    assert revision_after[0] == report.revision
    with engine.connect() as connection:
        changed = connection.execute(
            select(Statement.translation, Statement.revision).where(
                Statement.id == "meloni-proposal-not-concrete"
            )
        ).one()
    assert changed.translation == "However, this ambition is still far from concrete"
    assert changed.revision == report.revision


def test_the_readme_example_of_adding_a_fact_is_a_valid_seed(tmp_path: Path) -> None:
    readme = (SEEDS_DIR.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How an editor adds a fact", 1)[1].split("\n## ", 1)[0]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    new_records = yaml.safe_load(textwrap.dedent(example))["statements"]
    folder = copy_seeds(tmp_path)
    path = folder / SEED_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["statements"].extend(new_records)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    bundle = check_seeds(folder)

    added = next(rows for rows in bundle.records if rows.id == new_records[0]["id"])
    engage = "Bichkek s\N{RIGHT SINGLE QUOTATION MARK}engage"
    assert [span.text for span in added.evidence] == [f"En retour, {engage}", "Bichkek"]
    assert added.evidence[1].start == added.evidence[0].end - len(engage)
