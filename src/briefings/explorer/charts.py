"""Figures drawn as bars, as inline SVG, where several of them form a series.

A series is the figures measuring one metric in one unit (and currency): bilateral trade
in 2024 against its target. A lone figure is a sentence, not a chart. The SVG is text in
the page, so nothing is fetched, and it carries a title and the values as text for
readers who cannot see it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from briefings.explorer.language import LABELS

WIDTH = 320
LABEL_HEIGHT = 18  # a bar's label sits above it: periods such as "dans les prochaines années"
BAR_HEIGHT = 22
GAP = 10
ROW = LABEL_HEIGHT + BAR_HEIGHT + GAP
SCALES = (
    (1e9, {"en": "billion", "fr": "milliard"}, {"en": "billion", "fr": "milliards"}),
    (1e6, {"en": "million", "fr": "million"}, {"en": "million", "fr": "millions"}),
)


def number(value: float, lang: str) -> str:
    """``1.7`` / ``1,7``: at most two decimals, the language's decimal mark."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if lang == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def amount(item: Any, lang: str) -> str:
    """A figure's value as a reader says it: ``1.7 billion USD``, ``rank 3``, ``12 %``."""
    value = float(item["value"])
    unit = item["unit"]
    if unit == "rank":
        return f"n° {number(value, lang)}" if lang == "fr" else f"#{number(value, lang)}"
    if unit == "percent":
        return f"{number(value, lang)} %"
    words = number(value, lang)
    for size, one, many in SCALES:
        if abs(value) >= size:
            scaled = value / size
            words = f"{number(scaled, lang)} {(one if scaled < 2 else many)[lang]}"
            break
    return f"{words} {item['currency']}" if unit == "currency" and item.get("currency") else words


def when(item: Any, lang: str) -> str:
    """The figure's period: ``2024``, or the source's words for an open one."""
    if item.get("period"):
        return str(item["period"])
    text = item.get("period_text")
    return text[lang] if text else str(item["kind"])


@dataclass(frozen=True)
class Bar:
    y: int  # top of its label; the bar is LABEL_HEIGHT below
    width: int
    label: str
    value: str
    kind: str


@dataclass(frozen=True)
class Chart:
    metric: str
    title: str
    height: int
    bars: list[Bar]
    width: int = WIDTH
    label_height: int = LABEL_HEIGHT
    bar_height: int = BAR_HEIGHT


def _title(members: Sequence[Any], lang: str) -> str:
    """The words the figures' labels share (``Kazakhstan-Kyrgyzstan bilateral trade``), or
    the metric's name when they share fewer than two."""
    labels = [item["label"][lang].split() for item in members]
    shared = []
    for words in zip(*labels, strict=False):
        if len(set(words)) > 1:
            break
        shared.append(words[0])
    return " ".join(shared) if len(shared) >= 2 else str(members[0]["metric"]).replace("-", " ")


def series(figures: Sequence[Any], lang: str) -> list[Chart]:
    """One chart per metric, unit and currency shared by two figures or more; bars in
    the order listed, scaled to the largest value."""
    groups: dict[tuple[str, str, str | None], list[Any]] = {}
    for item in figures:
        if "value" in item and item.get("unit") != "rank":
            groups.setdefault((item["metric"], item["unit"], item.get("currency")), []).append(item)
    charts = []
    for (metric, _, _), members in groups.items():
        if len(members) < 2:
            continue
        top = max(abs(float(item["value"])) for item in members) or 1.0
        bars = [
            Bar(
                y=index * ROW,
                width=max(1, round(WIDTH * abs(float(item["value"])) / top)),
                label=f"{when(item, lang)} · {LABELS['figure_' + item['kind']][lang]}",
                value=amount(item, lang),
                kind=str(item["kind"]),
            )
            for index, item in enumerate(members)
        ]
        charts.append(
            Chart(
                metric=metric, title=_title(members, lang), height=len(bars) * ROW - GAP, bars=bars
            )
        )
    return charts
