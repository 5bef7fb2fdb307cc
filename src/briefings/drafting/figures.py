"""Figures: amounts, percentages, quantities, counts and ranks, each with its period.

The period is read after the number (« en 2024 », « d'ici 2030 », « dans les prochaines
années »), or « désormais » anywhere in the sentence; a figure is a target when its
sentence says so (« objectif », « porter ... à », « d'ici »).
"""

import re

from briefings.drafting.areas import areas_in
from briefings.drafting.countries import countries
from briefings.drafting.dates import Period, as_of_in, period_in
from briefings.drafting.numbers import WORDS, amounts
from briefings.drafting.records import TO_TRANSLATE, Article, Drafted
from briefings.drafting.spans import Sentence, slug
from briefings.drafting.speakers import country_codes

TARGET = re.compile(
    r"objectif|ambition|porter\b|viser?\b|visent|vise\b|prévoi|devrai(?:t|ent)|cible|d[’']ici",
    re.IGNORECASE,
)
APPROXIMATE = re.compile(r"(?:près de|environ|quelque|autour de|approximativement)\s*$", re.I)
AT_LEAST = re.compile(r"(?:plus de|au moins|au-delà de|dépassant|dépassé)\s*$", re.I)
AT_MOST = re.compile(r"(?:jusqu[’']à|moins de|au plus)\s*$", re.I)
BILATERAL = re.compile(r"bilatér|entre les deux|deux pays", re.I)
# Topic words -> (metric, French label, English label).
TOPICS: tuple[tuple[str, str, str, str], ...] = (
    (r"échanges|commerce|commerciaux", "trade", "Échanges commerciaux", "Trade"),
    (r"investissement", "investment", "Investissements", "Investment"),
    (r"exportation", "exports", "Exportations", "Exports"),
    (r"importation", "imports", "Importations", "Imports"),
    (r"\bPIB\b", "gdp", "PIB", "GDP"),
    # « un prêt de », not « prêts à » (ready).
    (r"\b(?:un|le|du|des|les|ce|nouveau)\s+prêts?\b|\bcrédits?\b", "loan", "Prêt", "Loan"),
    (r"financement", "financing", "Financement", "Financing"),
    (r"croissance", "growth", "Croissance", "Growth"),
    (r"inflation", "inflation", "Inflation", "Inflation"),
    (r"touris", "tourism", "Tourisme", "Tourism"),
    (r"capacité|centrale", "capacity", "Capacité", "Capacity"),
)
RANK = re.compile(
    r"l[’']une? des[^\S\n]+(?P<n>\w+)[^\S\n]+(?:principa(?:ux|les)|premi(?:ers|ères)|"
    r"plus grands|plus grandes|plus importants)[^\S\n]+(?P<what>\w+(?:[^\S\n]+\w+)?)",
    re.IGNORECASE,
)
ORDINALS = {
    "premier": 1,
    "première": 1,
    "deuxième": 2,
    "second": 2,
    "seconde": 2,
    "troisième": 3,
    "quatrième": 4,
    "cinquième": 5,
}
ORDINAL_RANK = re.compile(
    r"(?<![\w])(?P<ord>premier|première|deuxième|second|seconde|troisième|quatrième|cinquième)"
    r"[^\S\n]+(?P<what>partenaire commercial|investisseur|fournisseur|exportateur|importateur|"
    r"producteur|client)",
    re.IGNORECASE,
)


ANAPHORA = re.compile(r"\b(?:ce|cet|cette|ces)[^\S\n]+(?:volume|chiffre|montant|niveau)", re.I)


def _previous(article: Article, start: int) -> str:
    earlier = [s.text for s in article.sentences if s.end <= start]
    return earlier[-1] if earlier else ""


def _topic(sentence: str) -> tuple[str, str, str] | None:
    for words, metric, fr, en in TOPICS:
        if re.search(words, sentence, re.IGNORECASE):
            if metric == "trade" and BILATERAL.search(sentence):
                return "bilateral-trade", "Échanges bilatéraux", "Bilateral trade"
            return metric, fr, en
    return None


def _period(after: str, sentence: str) -> Period | None:
    return period_in(after) or as_of_in(sentence)


def _countries(article: Article, start: int, end: int, pair: list[str], sentence: str) -> list[str]:
    codes = country_codes(article, start, end)
    if BILATERAL.search(sentence):
        by_slug = {c.slug: c.code for c in countries().values()}
        for key in pair:
            if by_slug.get(key) and by_slug[key] not in codes:
                codes.append(by_slug[key])
    return codes


def _label(
    topic: tuple[str, str, str] | None, wording: str, period: Period | None, target: bool
) -> dict[str, str]:
    if topic is None:
        return {"fr": wording, "en": TO_TRANSLATE + wording}
    fr, en = topic[1], topic[2]
    if target:
        fr, en = f"Objectif : {fr.lower()}", f"{en} target"
    if period is not None and period.period is not None:
        word = "d’ici" if period.horizon else "en"
        fr, en = (
            f"{fr} {word} {period.period}",
            f"{en} {'by' if period.horizon else 'in'} {period.period}",
        )
    return {"fr": fr, "en": en}


def find_figures(article: Article, pair: list[str]) -> list[Drafted]:
    text = article.text
    drafted: list[Drafted] = []
    found = amounts(text)
    for index, amount in enumerate(found):
        sentence = article.sentence(amount.start)
        next_start = found[index + 1].start if index + 1 < len(found) else sentence.end
        after = text[amount.end : min(sentence.end, next_start)]
        before = text[sentence.start : amount.start]
        period = _period(after, sentence.text)
        target = bool(TARGET.search(before[-80:])) or bool(period and period.horizon)
        # « porter ce volume à ... »: the topic is the previous sentence's.
        topic = _topic(sentence.text) or (
            _topic(_previous(article, sentence.start)) if ANAPHORA.search(before) else None
        )
        qualifier = (
            "approximate"
            if APPROXIMATE.search(before)
            else "at-least"
            if AT_LEAST.search(before)
            else "at-most"
            if AT_MOST.search(before)
            else "exact"
        )
        metric = topic[0] if topic else slug(amount.measure or amount.unit)
        if amount.measure and topic and amount.unit == "count":
            metric = f"{topic[0]}-{slug(amount.measure)}"
        drafted.append(
            _figure(
                article,
                amount.start,
                amount.end,
                metric,
                _label(topic, amount.wording, period, target),
                amount.value,
                amount.unit,
                amount.currency,
                qualifier,
                period,
                "target" if target else "actual",
                _countries(article, sentence.start, sentence.end, pair, sentence.text),
                areas_in(sentence.text),
                sentence,
                0.85 if topic else 0.6,
                f"{amount.unit} « {amount.wording} »",
            )
        )
    for match in [*RANK.finditer(text), *ORDINAL_RANK.finditer(text)]:
        if "n" in match.groupdict():
            number = match["n"].lower()
            value = WORDS.get(number) or (int(number) if number.isdigit() else None)
            qualifier = "at-most"
        else:
            value = ORDINALS[match["ord"].lower()]
            qualifier = "exact"
        if value is None:
            continue
        sentence = article.sentence(match.start())
        what = match["what"].lower()
        metric = (
            "trade-partner-rank"
            if "partenaire" in what and "commerci" in what
            else (f"{slug(what)}-rank")
        )
        period = as_of_in(sentence.text)
        drafted.append(
            _figure(
                article,
                match.start(),
                match.end(),
                metric,
                {"fr": f"Rang : {match[0]}", "en": TO_TRANSLATE + match[0]},
                float(value),
                "rank",
                None,
                qualifier,
                period,
                "rank",
                country_codes(article, sentence.start, sentence.end),
                areas_in(sentence.text),
                sentence,
                0.7,
                f"rank « {match[0]} »",
            )
        )
    return drafted


def _figure(
    article: Article,
    start: int,
    end: int,
    metric: str,
    label: dict[str, str],
    value: float,
    unit: str,
    currency: str | None,
    qualifier: str,
    period: Period | None,
    kind: str,
    codes: list[str],
    areas: list[str],
    sentence: Sentence,
    confidence: float,
    why: str,
) -> Drafted:
    wording = article.quote(start, end)
    fields = {
        "id": slug(
            f"{metric} {period.period if period and period.period else ''} {kind} {int(value)}"
        ),
        "metric": metric,
        "label": label,
        "value": int(value) if value == int(value) else value,
        "unit": unit,
        "currency": currency,
        "qualifier": qualifier,
        "period": period.period if period else None,
        "period_kind": period.kind if period else "open-ended",
        "period_text": period.text if period else None,
        "kind": kind,
        "countries": codes,
        "areas": areas,
        "wording": wording if isinstance(wording, str) else wording["quote"],
        "evidence": [
            article.quote(sentence.start, sentence.end - (1 if sentence.text.endswith(".") else 0))
        ],
    }
    if not isinstance(wording, str):
        fields["wording_occurrence"] = wording["occurrence"]
    return Drafted("figures", fields, confidence if period else confidence - 0.2, why)
