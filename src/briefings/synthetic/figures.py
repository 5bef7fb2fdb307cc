"""The figures an article states, one function per kind: the sentence that states it,
its verbatim wording, and its value normalised to base units."""

import random
from collections.abc import Callable
from typing import TYPE_CHECKING

from briefings.synthetic.geography import capitalized, of_fr, to_fr
from briefings.synthetic.phrases import CURRENCIES, ORDINALS_EN, ORDINALS_FR

if TYPE_CHECKING:  # the writer calls these functions: no import back at runtime
    from briefings.synthetic.articles import ArticleWriter

DASH = "\u2013"  # the en dash of "Kazakhstan\u2013Kyrgyzstan" in a label
IN_THE_COMING_YEARS = {"fr": "dans les prochaines années", "en": "in the coming years"}


def amount_fr(rng: random.Random, currency: str) -> tuple[str, float]:
    """A French amount and its value in base units: ``1,7 milliard de dollars`` -> 1.7e9."""
    unit = CURRENCIES[currency]
    if rng.random() < 0.5:
        millions = rng.randrange(5, 950)
        return f"{millions} millions de {unit}", float(millions * 1_000_000)
    tenths = rng.randrange(10, 250)
    whole, decimal = divmod(tenths, 10)
    number = str(whole) if decimal == 0 else f"{whole},{decimal}"
    word = "milliard" if tenths < 20 else "milliards"
    return f"{number} {word} de {unit}", float(tenths * 100_000_000)


def _trade(w: "ArticleWriter", figure_id: str) -> None:
    currency = w.rng.choice(sorted(CURRENCIES))
    wording, value = amount_fr(w.rng, currency)
    year = w.date.year - 1
    host, guest = w.host, w.guest
    w.add_figure(
        figure_id,
        f"Les échanges entre {host.the_fr} et {guest.the_fr} ont atteint {wording} en {year}.",
        wording,
        {
            "metric": "bilateral-trade",
            "label": {
                "fr": f"Échanges bilatéraux {host.name_fr}{DASH}{guest.name_fr} en {year}",
                "en": f"{host.name_en}{DASH}{guest.name_en} bilateral trade in {year}",
            },
            "value": value,
            "unit": "currency",
            "currency": currency,
            "period": str(year),
            "period_kind": "year",
            "kind": "actual",
        },
    )


def _investment_target(w: "ArticleWriter", figure_id: str) -> None:
    currency = w.rng.choice(sorted(CURRENCIES))
    wording, value = amount_fr(w.rng, currency)
    theme = w.areas[0][1]
    w.add_figure(
        figure_id,
        f"Les deux parties visent {wording} d’investissements dans le domaine {theme.of_fr} "
        f"{IN_THE_COMING_YEARS['fr']} (objectif n° {w.number()}).",
        wording,
        {
            "metric": "investment-target",
            "label": {
                "fr": f"Objectif d’investissements dans le domaine {theme.of_fr}",
                "en": f"Investment target in {theme.name_en.lower()}",
            },
            "value": value,
            "unit": "currency",
            "currency": currency,
            "qualifier": "approximate",
            "period_kind": "open-ended",
            "period_text": IN_THE_COMING_YEARS,
            "kind": "target",
        },
    )


def _trade_target(w: "ArticleWriter", figure_id: str) -> None:
    currency = w.rng.choice(sorted(CURRENCIES))
    wording, value = amount_fr(w.rng, currency)
    year = w.date.year + w.rng.randrange(2, 8)
    w.add_figure(
        figure_id,
        f"L’objectif est de porter les échanges à {wording} d’ici {year}.",
        wording,
        {
            "metric": "trade-target",
            "label": {
                "fr": f"Objectif d’échanges bilatéraux pour {year}",
                "en": f"Bilateral trade target for {year}",
            },
            "value": value,
            "unit": "currency",
            "currency": currency,
            "qualifier": "at-least",
            "period": str(year),
            "period_kind": "year",
            "kind": "target",
        },
    )


def _share(w: "ArticleWriter", figure_id: str) -> None:
    percent = w.rng.randrange(3, 90)
    theme = w.areas[0][1]
    wording = f"{percent} %"
    w.add_figure(
        figure_id,
        f"Le domaine {theme.of_fr} représente {wording} des investissements communs.",
        wording,
        {
            "metric": "investment-share",
            "label": {
                "fr": f"Part du domaine {theme.of_fr} dans les investissements communs",
                "en": f"Share of {theme.name_en.lower()} in joint investment",
            },
            "value": float(percent),
            "unit": "percent",
            "period_kind": "as-of",
            "kind": "actual",
        },
    )


def _rank(w: "ArticleWriter", figure_id: str) -> None:
    rank = w.rng.randrange(1, len(ORDINALS_FR) + 1)
    wording = f"{ORDINALS_FR[rank - 1]} partenaire commercial"
    w.add_figure(
        figure_id,
        f"{capitalized(w.host.the_fr)} est désormais le {wording} {of_fr(w.guest.the_fr)}.",
        wording,
        {
            "metric": "trade-partner-rank",
            "label": {
                "fr": f"Rang {of_fr(w.host.the_fr)} parmi les partenaires commerciaux "
                f"{of_fr(w.guest.the_fr)}",
                "en": f"{w.host.name_en}'s rank among {w.guest.name_en}'s trading partners "
                f"({ORDINALS_EN[rank - 1]})",
            },
            "value": float(rank),
            "unit": "rank",
            "period_kind": "as-of",
            "kind": "rank",
        },
    )


def _companies(w: "ArticleWriter", figure_id: str) -> None:
    count = w.number()
    wording = f"{count} entreprises {w.host.adjective_fr}"
    w.add_figure(
        figure_id,
        f"Plus de {wording} opèrent désormais {to_fr(w.guest.the_fr)}.",
        wording,
        {
            "metric": "companies-operating",
            "label": {
                "fr": f"Entreprises {w.host.adjective_fr} présentes {to_fr(w.guest.the_fr)}",
                "en": f"{w.host.name_en} companies operating in {w.guest.name_en}",
            },
            "value": float(count),
            "unit": "count",
            "qualifier": "at-least",
            "period_kind": "as-of",
            "kind": "actual",
        },
    )


FIGURES: dict[str, Callable[["ArticleWriter", str], None]] = {
    "trade": _trade,
    "investment-target": _investment_target,
    "trade-target": _trade_target,
    "share": _share,
    "rank": _rank,
    "companies": _companies,
}
