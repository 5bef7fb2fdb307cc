"""Figures as words and as bars."""

from typing import Any

import pytest

from briefings.explorer.charts import amount, series

TRADE_2024 = {
    "metric": "bilateral-trade",
    "label": {"en": "Kazakhstan-Kyrgyzstan bilateral trade in 2024", "fr": "Échanges en 2024"},
    "value": 1_700_000_000,
    "unit": "currency",
    "currency": "USD",
    "period": "2024",
    "period_text": None,
    "kind": "actual",
}
TARGET = {
    **TRADE_2024,
    "label": {"en": "Kazakhstan-Kyrgyzstan bilateral trade target", "fr": "Objectif"},
    "value": 3_000_000_000,
    "period": None,
    "period_text": {"en": "in the coming years", "fr": "dans les prochaines années"},
    "kind": "target",
}
RANK = {**TRADE_2024, "metric": "trade-partner-rank", "unit": "rank", "value": 3, "kind": "rank"}


@pytest.mark.parametrize(
    ("figure", "lang", "said"),
    [
        (TRADE_2024, "en", "1.7 billion USD"),
        (TRADE_2024, "fr", "1,7 milliard USD"),
        (TARGET, "fr", "3 milliards USD"),
        ({**TRADE_2024, "value": 12_500_000}, "en", "12.5 million USD"),
        ({**TRADE_2024, "unit": "count", "value": 1200}, "fr", "1\u202f200"),
        ({**TRADE_2024, "unit": "percent", "value": 40}, "en", "40 %"),
        (RANK, "en", "#3"),
    ],
)
def test_a_value_reads_as_a_person_says_it(figure: dict[str, Any], lang: str, said: str) -> None:
    assert amount(figure, lang) == said


def test_figures_of_one_metric_and_unit_are_a_series_scaled_to_the_largest() -> None:
    (chart,) = series([TRADE_2024, RANK, TARGET], "en")

    assert chart.title == "Kazakhstan-Kyrgyzstan bilateral trade"
    assert [(bar.label, bar.value) for bar in chart.bars] == [
        ("2024 · actual", "1.7 billion USD"),
        ("in the coming years · target", "3 billion USD"),
    ]
    assert chart.bars[1].width == chart.width
    assert chart.bars[0].width == round(chart.width * 1.7 / 3)


def test_a_lone_figure_is_no_chart() -> None:
    assert series([TRADE_2024, RANK], "fr") == []
    # Labels that share less than two words fall back to the metric's name.
    assert series([TRADE_2024, TARGET], "fr")[0].title == "bilateral trade"
