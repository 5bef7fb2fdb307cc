"""Properties of the curated data, checked in the database it was loaded into."""

import hashlib
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from briefings.models import Evidence, Figure, Place, Source, Statement
from support import SEEDS_DIR, sentences

SOURCE_ID = "kazakhstan-kyrgyzstan-2025-08-01"
SOURCE_FILE = SEEDS_DIR / f"{SOURCE_ID}.fr.txt"
APOSTROPHE = "\N{RIGHT SINGLE QUOTATION MARK}"  # the article's typographic apostrophe
SOURCE_LENGTH = 3591  # code points, as DATA.md states


def _source_text(engine: Engine) -> str:
    with engine.connect() as connection:
        return connection.execute(select(Source.text).where(Source.id == SOURCE_ID)).scalar_one()


def _spans(engine: Engine) -> list[tuple[int, int]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(Evidence.start, Evidence.end).where(Evidence.source_id == SOURCE_ID)
        )
        return [(start, end) for start, end in rows]


def _seed_records(collection: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((SEEDS_DIR / f"{SOURCE_ID}.yaml").read_text(encoding="utf-8"))
    records: list[dict[str, Any]] = data[collection]
    return records


def test_sentences_split_on_punctuation_and_on_lines() -> None:
    text = "Titre sans point\nUne phrase. Une autre ! Et 1,7 milliard? Fin.\n"
    assert [text[s:e] for s, e in sentences(text)] == [
        "Titre sans point",
        "Une phrase.",
        "Une autre !",
        "Et 1,7 milliard?",
        "Fin.",
    ]


def test_every_evidence_span_is_the_source_text_it_points_at(seeded_engine: Engine) -> None:
    with seeded_engine.connect() as connection:
        rows = connection.execute(
            select(
                Evidence.record_type,
                Evidence.record_id,
                Evidence.start,
                Evidence.end,
                Evidence.text,
                Source.text.label("source_text"),
            ).join(Source, Source.id == Evidence.source_id)
        ).all()
    assert rows
    wrong = [
        f"{row.record_type}/{row.record_id}: {row.text!r}"
        for row in rows
        if not (0 <= row.start < row.end <= len(row.source_text))
        or row.source_text[row.start : row.end] != row.text
    ]
    assert wrong == []


def test_the_source_is_the_article_byte_for_byte(seeded_engine: Engine) -> None:
    raw = SOURCE_FILE.read_bytes()
    with Session(seeded_engine) as session:
        source = session.get_one(Source, SOURCE_ID)
    assert source.sha256 == hashlib.sha256(raw).hexdigest()
    assert hashlib.sha256(source.text.encode("utf-8")).hexdigest() == source.sha256
    assert len(source.text) == SOURCE_LENGTH
    assert len(raw.decode("utf-8")) == SOURCE_LENGTH
    # No character outside the BMP: code points are also JavaScript string indices.
    assert all(ord(char) <= 0xFFFF for char in source.text)


def test_every_sentence_of_the_article_is_covered_by_evidence(seeded_engine: Engine) -> None:
    text = _source_text(seeded_engine)
    spans = _spans(seeded_engine)
    uncovered = [
        text[start:end]
        for start, end in sentences(text)
        if not any(span_start < end and start < span_end for span_start, span_end in spans)
    ]
    assert uncovered == []


def test_every_figure_wording_and_statement_text_is_verbatim(seeded_engine: Engine) -> None:
    text = _source_text(seeded_engine)
    with seeded_engine.connect() as connection:
        wordings = connection.execute(select(Figure.id, Figure.wording)).all()
        statements = connection.execute(select(Statement.id, Statement.text)).all()
    assert wordings
    assert statements
    assert [row.id for row in wordings if row.wording not in text] == []
    assert [row.id for row in statements if row.text not in text] == []


@pytest.mark.parametrize(
    ("figure_id", "expected"),
    [
        (
            "kz-kg-trade-2024",
            {
                "value": 1_700_000_000,
                "unit": "currency",
                "currency": "USD",
                "period": "2024",
                "period_kind": "year",
                "kind": "actual",
                "qualifier": "exact",
                "wording": "1,7 milliard de dollars",
            },
        ),
        (
            "kz-kg-trade-target",
            {
                "value": 3_000_000_000,
                "unit": "currency",
                "currency": "USD",
                "period": None,
                "period_kind": "open-ended",
                "period_text_fr": "dans les prochaines années",
                "kind": "target",
                "wording": "3 milliards de dollars",
            },
        ),
        (
            "kz-rank-kg-trade-partners",
            {
                "value": 3,
                "unit": "rank",
                "currency": None,
                "qualifier": "at-most",
                "kind": "rank",
                "wording": f"l{APOSTROPHE}un des trois principaux partenaires commerciaux",
            },
        ),
    ],
)
def test_figures_are_normalised(
    seeded_engine: Engine, figure_id: str, expected: dict[str, Any]
) -> None:
    with Session(seeded_engine) as session:
        figure = session.get_one(Figure, figure_id)
    assert {field: getattr(figure, field) for field in expected} == expected


def test_nothing_the_source_does_not_say_is_filled_in(seeded_engine: Engine) -> None:
    with seeded_engine.connect() as connection:
        source = connection.execute(
            select(Source.publisher, Source.url, Source.published_date).where(
                Source.id == SOURCE_ID
            )
        ).one()
        places = {
            row.id: (row.latitude, row.longitude)
            for row in connection.execute(select(Place.id, Place.latitude, Place.longitude))
        }
    assert tuple(source) == (None, None, None)
    # Coordinates only where the curated seed gives them, and exactly those.
    assert places == {
        record["id"]: (record.get("latitude"), record.get("longitude"))
        for record in _seed_records("places")
    }
    assert places["karasu"] == (None, None)
    assert {place for place, (lat, _) in places.items() if lat is not None} == {"bishkek"}
