"""Curation rules a reviewer used to check by hand against the article.

Each rule reads the checked seed bundle (quotes already turned into offsets) and names
the records that break it, so a failure is a line of the reviewer's checklist
(docs/curation.md). Where no general rule exists, the named fixes are held as tables.
"""

import re
from collections.abc import Iterable
from typing import get_args

import pytest

from briefings.models.links import statement_speakers
from briefings.seeding import Bundle, check_seeds
from briefings.seeding.quotes import Span, occurrences
from briefings.seeding.rows import RecordRows
from briefings.vocab import ProjectStatus
from support import SEEDS_DIR, sentences

SOURCE_ID = "kazakhstan-kyrgyzstan-2025-08-01"
BRIEFING_ID = "kazakhstan-kyrgyzstan-nurtleu-visit-2025-08-01"


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return check_seeds(SEEDS_DIR)


@pytest.fixture(scope="module")
def article(bundle: Bundle) -> str:
    text: str = record(bundle, "source", SOURCE_ID).values["text"]
    return text


def records(bundle: Bundle, record_type: str) -> list[RecordRows]:
    found = [rows for rows in bundle.records if rows.type == record_type]
    assert found, f"no {record_type} in the seeds"
    return found


def record(bundle: Bundle, record_type: str, record_id: str) -> RecordRows:
    [found] = [rows for rows in records(bundle, record_type) if rows.id == record_id]
    return found


def names(rows: RecordRows) -> list[str]:
    """The French name and aliases of an actor or place: the words the article may use."""
    return [rows.values["name_fr"], *rows.values["aliases"]]


def mentions(text: str, words: Iterable[str]) -> bool:
    # Whole words only: "Kazakhstan" is not named by "kazakhstanais".
    return any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) for word in words)


def covered(start: int, end: int, spans: list[Span]) -> bool:
    """Whether every character of [start, end) lies in one of ``spans``."""
    at = start
    for span in sorted(spans, key=lambda s: s.start):
        if span.start <= at < span.end:
            at = span.end
    return at >= end


# --- statements ---------------------------------------------------------------------


def test_an_assessment_has_no_speaker(bundle: Bundle) -> None:
    # The article's own analysis is nobody's position; the schema already refuses the
    # converse (a speakerless statement of another kind).
    voiced = [
        rows.id
        for rows in records(bundle, "statement")
        if rows.values["kind"] == "assessment"
        and (rows.values["speaker_id"] is not None or rows.links[statement_speakers])
    ]
    assert voiced == []


def test_a_statements_text_is_covered_by_its_own_evidence(bundle: Bundle, article: str) -> None:
    # A reader follows the evidence to check the text: every word of it must be there.
    uncovered = [
        rows.id
        for rows in records(bundle, "statement")
        if not any(
            covered(start, start + len(rows.values["text"]), rows.evidence)
            for start in occurrences(article, rows.values["text"])
        )
    ]
    assert uncovered == []


def test_a_statements_evidence_stays_in_the_sentences_of_its_text(
    bundle: Bundle, article: str
) -> None:
    # Evidence from a neighbouring sentence props the text up with words it does not say.
    bounds = sentences(article)
    strays = []
    for rows in records(bundle, "statement"):
        text_start = article.index(rows.values["text"])
        text_end = text_start + len(rows.values["text"])
        touched = [(s, e) for s, e in bounds if s < text_end and text_start < e]
        first, last = touched[0][0], touched[-1][1]
        strays += [
            f"{rows.id}: {span.text!r}"
            for span in rows.evidence
            if not (first <= span.start and span.end <= last)
        ]
    assert strays == []


def test_every_other_evidence_span_lies_in_one_sentence(bundle: Bundle, article: str) -> None:
    bounds = sentences(article)
    spread = [
        f"{rows.type}/{rows.id}: {span.text!r}"
        for rows in bundle.records
        if rows.type != "statement"
        for span in rows.evidence
        if not any(s <= span.start and span.end <= e for s, e in bounds)
    ]
    assert spread == []


# --- actors, descriptions, areas -----------------------------------------------------


def test_a_country_is_cited_by_words_that_name_no_other_country(bundle: Bundle) -> None:
    states = [
        rows for rows in records(bundle, "actor") if rows.values["kind"] in ("country", "bloc")
    ]
    crowded = [
        f"{rows.id}: {span.text!r}"
        for rows in states
        for span in rows.evidence
        if any(mentions(span.text, names(other)) for other in states if other is not rows)
    ]
    assert crowded == []


def test_a_description_names_only_whom_its_evidence_names(bundle: Bundle) -> None:
    # Whoever a description names (an actor, a place), its evidence must show the article
    # naming too; otherwise the attribution is ours, not the article's.
    named = records(bundle, "actor") + records(bundle, "place")
    missing = []
    for record_type in ("cooperation-area", "project", "visit"):
        for rows in records(bundle, record_type):
            described = " ".join(
                [rows.values["description_fr"], *(o["fr"] for o in rows.values.get("outcomes", []))]
            )
            evidence = " … ".join(span.text for span in rows.evidence)
            missing += [
                f"{rows.type}/{rows.id}: {who.id}"
                for who in named
                if mentions(described, names(who)) and not mentions(evidence, names(who))
            ]
    assert missing == []


# Words by which a span is about its area; each span of an area must use one (casefolded).
AREA_WORDS: dict[str, tuple[str, ...]] = {
    "diplomacy": ("relations bilatérales", "coopération", "haut niveau"),
    "trade": ("commerc", "échanges", "volume"),
    "transport-logistics": ("transit", "infrastructures", "logistique"),
    "energy": ("énergétique", "électricité", "carburants", "approvisionnement"),
    "water": ("eau", "hydri"),
    "geopolitics": ("puissance", "géopolitique", "contexte régional", "diversification"),
    "education": ("école", "universitaire"),
    "culture": ("culturel",),
    "people-to-people": ("visas", "touristiques", "entrepreneuriat", "diplomatie populaire"),
}


def test_an_areas_evidence_speaks_of_the_area(bundle: Bundle) -> None:
    areas = records(bundle, "cooperation-area")
    assert sorted(AREA_WORDS) == sorted(rows.id for rows in areas)
    off_topic = [
        f"{rows.id}: {span.text!r}"
        for rows in areas
        for span in rows.evidence
        if not any(word in span.text.casefold() for word in AREA_WORDS[rows.id])
    ]
    assert off_topic == []


# --- projects ------------------------------------------------------------------------

# Words of the evidence that support a status. A process noun (développement,
# élargissement) names work already going on; an « ouverture » is an event yet to come.
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "proposed": ("propos", "soutient"),
    "discussed": ("discut",),
    "planned": ("prévu", "planifi", "décid"),
    "in-progress": ("en cours", "développement", "élargissement"),
    "completed": ("achevé", "inauguré", "terminé", "mis en service"),
}


def test_a_projects_status_is_one_its_evidence_supports(bundle: Bundle) -> None:
    assert sorted(STATUS_WORDS) == sorted(get_args(ProjectStatus))
    unsupported = [
        f"{rows.id}: {rows.values['status']}"
        for rows in records(bundle, "project")
        if not any(
            word in span.text.casefold()
            for span in rows.evidence
            for word in STATUS_WORDS[rows.values["status"]]
        )
    ]
    assert unsupported == []


# --- the fixes the review named ---------------------------------------------------------

MEANING = [
    ("statement", "kazakhstan-supports-education-culture", "kind", "assessment"),
    ("statement", "kazakhstan-supports-education-culture", "speaker_id", None),
    ("project", "joint-cultural-centres", "status", "proposed"),
]


@pytest.mark.parametrize(("record_type", "record_id", "field", "expected"), MEANING)
def test_named_meaning_fixes(
    bundle: Bundle, record_type: str, record_id: str, field: str, expected: str | None
) -> None:
    assert record(bundle, record_type, record_id).values[field] == expected


EVIDENCE = [
    ("project", "italy-eurasian-heartland-strategy", "D’après Eurasianet, l’Italie"),
    ("project", "italy-eurasian-heartland-strategy", "peu concrète"),
    ("statement", "closing-assessment-alliance", "à la croisée des intérêts"),
]


@pytest.mark.parametrize(("record_type", "record_id", "words"), EVIDENCE)
def test_named_evidence_fixes(bundle: Bundle, record_type: str, record_id: str, words: str) -> None:
    assert any(words in span.text for span in record(bundle, record_type, record_id).evidence)


# (record, field, words it must say): the English and French the review asked for.
SAYS = [
    ("statement/closing-assessment-shared-path", "translation", "sovereignty on their own terms"),
    ("statement/kyrgyzstan-water-commitment", "text", "En retour, Bichkek"),
    ("statement/kyrgyzstan-water-commitment", "translation", "In return, Bishkek"),
    (f"briefing/{BRIEFING_ID}", "summary_fr", "En retour, Bichkek"),
    (f"briefing/{BRIEFING_ID}", "summary_en", "In return, Bishkek"),
    (f"briefing/{BRIEFING_ID}", "summary_en", "a border industrial logistics complex"),
    (f"briefing/{BRIEFING_ID}", "summary_en", "Kazakhstan is now one"),
    ("project/karasu-logistics-complex", "name_en", "Karasu border industrial logistics complex"),
    ("project/karasu-logistics-complex", "description_en", "a border industrial logistics"),
    ("statement/avoid-dependence", "translation", "are counting on diplomatic"),
    ("statement/meloni-proposal-not-concrete", "translation", "is still not very concrete"),
    ("project/italy-eurasian-heartland-strategy", "description_en", "still not very concrete"),
    ("statement/meloni-central-asia-proposal", "text", "l’Italie, par la voix de sa Première"),
    ("statement/meloni-central-asia-proposal", "translation", "Italy, through its Prime Minister"),
    ("figure/kz-rank-kg-trade-partners", "period_text_fr", "désormais"),
    ("figure/kz-rank-kg-trade-partners", "period_text_en", "now"),
]

# (record, field, words it must no longer say)
UNSAYS = [
    ("statement/closing-assessment-shared-path", "translation", "controlled"),
    (f"briefing/{BRIEFING_ID}", "summary_en", "cross-border industrial"),
    ("project/karasu-logistics-complex", "name_en", "cross-border"),
    ("project/karasu-logistics-complex", "description_en", "cross-border"),
    ("statement/avoid-dependence", "translation", "betting"),
    ("statement/meloni-proposal-not-concrete", "translation", "remains"),
]


def field_of(bundle: Bundle, ref: str, field: str) -> str:
    record_type, record_id = ref.split("/")
    value: str = record(bundle, record_type, record_id).values[field]
    return value


@pytest.mark.parametrize(("ref", "field", "words"), SAYS)
def test_named_wording_fixes(bundle: Bundle, ref: str, field: str, words: str) -> None:
    assert words in field_of(bundle, ref, field)


@pytest.mark.parametrize(("ref", "field", "words"), UNSAYS)
def test_named_wording_mistakes_are_gone(bundle: Bundle, ref: str, field: str, words: str) -> None:
    assert words not in field_of(bundle, ref, field)
