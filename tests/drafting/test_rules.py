"""The rules under the draft, as tables: French numbers, dates, periods and quotes."""

import datetime as dt

import pytest

from briefings.drafting.countries import ADJECTIVES, CAPITALS, FRENCH_NAMES, countries
from briefings.drafting.dates import date_mentions, period_in
from briefings.drafting.numbers import CURRENCIES, amounts
from briefings.drafting.organisations import BODIES
from briefings.drafting.spans import quote, sentences
from briefings.iso_codes import COUNTRY_CODES, CURRENCY_CODES


@pytest.mark.parametrize(
    ("text", "wording", "value", "unit", "currency"),
    [
        (
            "ayant atteint 1,7 milliard de dollars en 2024",
            "1,7 milliard de dollars",
            1_700_000_000,
            "currency",
            "USD",
        ),
        ("deux milliards d’euros", "deux milliards d’euros", 2_000_000_000, "currency", "EUR"),
        ("500 millions de tenges", "500 millions de tenges", 500_000_000, "currency", "KZT"),
        ("en hausse de 15 % sur un an", "15 %", 15, "percent", None),
        ("une centrale de 1 200 MW", "1 200 MW", 1_200_000_000, "count", None),
        ("plus de 700 entreprises turques", "700 entreprises", 700, "count", None),
        ("2 millions de touristes", "2 millions de touristes", 2_000_000, "count", None),
    ],
)
def test_amounts_are_normalised_to_base_units(
    text: str, wording: str, value: float, unit: str, currency: str | None
) -> None:
    [found] = amounts(text)
    assert (found.wording, found.value, found.unit, found.currency) == (
        wording,
        value,
        unit,
        currency,
    )


@pytest.mark.parametrize(
    "text",
    ["les deux pays", "le 1er août 2025", "en 2024", "depuis 30 ans", "trois dollars"],
)
def test_words_that_are_not_figures(text: str) -> None:
    assert amounts(text) == []


@pytest.mark.parametrize(
    ("text", "published", "date"),
    [
        ("le 1er août 2025", None, dt.date(2025, 8, 1)),
        ("le 12 mars", dt.date(2025, 5, 1), dt.date(2025, 3, 12)),
        # A day after the article's date is last year's.
        ("le 12 mars", dt.date(2025, 2, 1), dt.date(2024, 3, 12)),
        ("le 12 mars", None, None),
        ("le 31 février 2025", None, None),
    ],
)
def test_french_dates_resolve_against_the_article_s_date(
    text: str, published: dt.date | None, date: dt.date | None
) -> None:
    [found] = date_mentions(text, published)
    assert found.date == date


@pytest.mark.parametrize(
    ("after", "period", "kind", "horizon"),
    [
        (" en 2024, selon", "2024", "year", False),
        (" d’ici 2030.", "2030", "year", True),
        (" d'ici à 2030.", "2030", "year", True),
        (" en mars 2025", "2025-03", "year", False),
        (" dans les prochaines années", None, "open-ended", True),
    ],
)
def test_a_figure_s_period_is_read_after_it(
    after: str, period: str | None, kind: str, horizon: bool
) -> None:
    found = period_in(after)
    assert found is not None
    assert (found.period, found.kind, found.horizon) == (period, kind, horizon)


def test_a_quotation_of_several_sentences_stays_with_its_attribution() -> None:
    text = "Il a parlé. « Nous avançons. Nous signerons. », a dit le ministre. Fin."
    assert [s.text for s in sentences(text)] == [
        "Il a parlé.",
        "« Nous avançons. Nous signerons. », a dit le ministre.",
        "Fin.",
    ]


def test_a_quote_says_which_occurrence_when_its_words_repeat() -> None:
    text = "Bichkek et Astana. Puis Bichkek."
    assert quote(text, 0, 7) == {"quote": "Bichkek", "occurrence": 1}
    assert quote(text, 24, 31) == {"quote": "Bichkek", "occurrence": 2}
    assert quote(text, 11, 17) == "Astana"


def test_an_unclosed_quotation_mark_stays_in_its_paragraph() -> None:
    text = "Il a dit « Nous verrons. Puis rien.\nLe lendemain, la visite.\n"
    assert [s.text for s in sentences(text)] == [
        "Il a dit « Nous verrons. Puis rien.",
        "Le lendemain, la visite.",
    ]


def test_the_lexicons_name_only_codes_the_seeds_accept() -> None:
    """A code the seed validator refuses would make every draft naming it invalid."""
    found = countries()
    named = {*ADJECTIVES.values(), *CAPITALS, *FRENCH_NAMES}
    assert sorted(code for code in named if code not in found) == []
    assert sorted(code for code in found if code not in COUNTRY_CODES) == []
    assert sorted(code for _, code in CURRENCIES if code not in CURRENCY_CODES) == []
    assert sorted(b.country for b in BODIES if b.country and b.country not in COUNTRY_CODES) == []
