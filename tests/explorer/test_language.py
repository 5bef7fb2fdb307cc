"""Which language a reader gets, and what the response cache keys a page by."""

from typing import get_args

import pytest

from briefings import vocab
from briefings.explorer.language import (
    LABELS,
    LANGUAGES,
    VALUES_FR,
    from_accept_language,
    value_word,
    variant,
)

VOCABULARIES = [
    vocab.ActorKind,
    vocab.PlaceKind,
    vocab.VisitKind,
    vocab.StatementKind,
    vocab.ProjectKind,
    vocab.ProjectStatus,
    vocab.FigureUnit,
    vocab.FigureQualifier,
    vocab.FigureKind,
    vocab.PeriodKind,
]


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("", "en"),
        ("fr", "fr"),
        ("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", "fr"),
        ("de-DE, de;q=0.9, fr;q=0.4", "fr"),
        ("de, en;q=0.3, fr;q=0.2", "en"),
        ("en;q=0.5, fr;q=0.8", "fr"),
        ("fr;q=0, en", "en"),
        ("ru, kk", "en"),
        ("*", "en"),
        ("not a header;;;q=x", "en"),
    ],
)
def test_the_reader_s_first_known_language_wins(header: str, language: str) -> None:
    assert from_accept_language(header) == language


def test_a_page_s_variant_says_html_or_not_and_its_language() -> None:
    browser = b"text/html,application/xhtml+xml,*/*;q=0.8"

    assert variant(browser, b"fr-FR,fr;q=0.9") == "html:fr"
    assert variant(b"application/json", b"fr") == "data:fr"
    assert variant(b"", b"") == "data:en"
    assert variant(browser, b"fr" + b" " * 10_000) == "html:fr"


def test_every_label_exists_in_every_language() -> None:
    assert [key for key, text in LABELS.items() if set(text) != set(LANGUAGES)] == []


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: str(get_args(v)[0]))
def test_every_vocabulary_value_has_its_french(vocabulary: object) -> None:
    assert [value for value in get_args(vocabulary) if value not in VALUES_FR] == []


def test_a_value_reads_as_words_in_the_page_s_language() -> None:
    assert value_word("in-progress", "en") == "in progress"
    assert value_word("in-progress", "fr") == "en cours"
    assert value_word("bilateral-trade", "fr") == "bilateral trade"
