"""French numbers, amounts of money and quantities, normalised to base units.

« 1,7 milliard de dollars » is 1700000000 USD; « 15 % » is 15 percent; « 1 200 MW » is
1200000000 watts. Number words are read where a multiplier or a unit follows
(« deux milliards d'euros »), never alone: « les deux pays » is not a figure.
"""

import re
from dataclasses import dataclass

WORDS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "quinze": 15,
    "vingt": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "cent": 100,
    "mille": 1000,
}
MULTIPLIERS = {
    "mille": 1e3,
    "millier": 1e3,
    "milliers": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "milliard": 1e9,
    "milliards": 1e9,
    "billion": 1e12,
    "billions": 1e12,
}
# French form (a regex) -> ISO 4217.
CURRENCIES: tuple[tuple[str, str], ...] = (
    (r"dollars?(?: américains| US)?|\$|USD", "USD"),
    (r"euros?|€|EUR", "EUR"),
    (r"roubles?(?: russes)?|RUB", "RUB"),
    (r"tenges?|KZT", "KZT"),
    (r"soms?|KGS", "KGS"),
    (r"soums?|sums?|UZS", "UZS"),
    (r"somonis?|TJS", "TJS"),
    (r"yuans?|renminbis?|CNY", "CNY"),
    (r"livres? sterling|GBP", "GBP"),
    (r"yens?|JPY", "JPY"),
    (r"francs? suisses|CHF", "CHF"),
    (r"livres? turques|TRY", "TRY"),
    (r"roupies? indiennes|INR", "INR"),
    (r"wons?|KRW", "KRW"),
)
# French unit (a regex) -> (base unit name, factor to the base unit).
QUANTITIES: tuple[tuple[str, str, float], ...] = (
    (r"GW|gigawatts?", "watts", 1e9),
    (r"MW|mégawatts?", "watts", 1e6),
    (r"kW|kilowatts?", "watts", 1e3),
    (r"TWh|térawattheures?", "watt-hours", 1e12),
    (r"GWh|gigawattheures?", "watt-hours", 1e9),
    (r"MWh|mégawattheures?", "watt-hours", 1e6),
    (r"kWh|kilowattheures?", "watt-hours", 1e3),
    (r"tonnes?|t", "tonnes", 1.0),
    (r"km|kilomètres?", "metres", 1e3),
    (r"m3|m³|mètres cubes", "cubic-metres", 1.0),
    (r"barils", "barrels", 1.0),
)
# Nouns after a number that make it a date, an age or a duration, not a count.
NOT_COUNTED = frozenset(
    """janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    ans an années année jours jour mois heures heure minutes semaines siècle siècles h
    fois mille millier milliers million millions milliard milliards""".split()  # noqa: SIM905 (a word list)
)

DIGITS = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
NUMBER_WORD = "|".join(sorted(WORDS, key=len, reverse=True))
MULTIPLIER = "|".join(sorted(MULTIPLIERS, key=len, reverse=True))
CURRENCY = "|".join(form for form, _ in CURRENCIES)
QUANTITY = "|".join(form for form, _, _ in QUANTITIES)
# "d’" and "de " both link a multiplier to its unit.
LINK = r"(?:\s+de\s+|\s+d[’'])"

AMOUNT = re.compile(
    rf"(?<![\w,])(?P<number>{DIGITS}|{NUMBER_WORD})"
    rf"(?:\s+(?P<multiplier>{MULTIPLIER}))?"
    rf"(?:(?(multiplier){LINK}|\s*)(?P<currency>{CURRENCY})(?![\w])"
    rf"|\s*(?P<percent>%|pour\s?cent)"
    rf"|(?(multiplier){LINK}|\s+)(?P<quantity>{QUANTITY})(?![\w])"
    rf"|(?(multiplier){LINK}|\s+)(?P<noun>[a-zàâçéèêëîïôûùüÿœ]{{3,}}))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Amount:
    start: int
    end: int
    wording: str
    value: float
    unit: str  # currency, percent or count
    currency: str | None
    measure: str | None  # what a count counts: a base unit (watts) or a noun (entreprises)


def number_value(number: str) -> float | None:
    lowered = number.lower()
    if lowered in WORDS:
        return float(WORDS[lowered])
    digits = re.sub(r"[ \u00a0\u202f]", "", number).replace(",", ".")
    try:
        return float(digits)
    except ValueError:
        return None


def _currency(word: str) -> str:
    for form, code in CURRENCIES:
        if re.fullmatch(form, word, re.IGNORECASE):
            return code
    raise LookupError(word)


def _quantity(word: str) -> tuple[str, float]:
    for form, base, factor in QUANTITIES:
        if re.fullmatch(form, word):
            return base, factor
    raise LookupError(word)


def amounts(text: str) -> list[Amount]:
    found: list[Amount] = []
    for match in AMOUNT.finditer(text):
        number, multiplier = match["number"], match["multiplier"]
        value = number_value(number)
        if value is None:
            continue
        is_word = number.lower() in WORDS
        if multiplier:
            value *= MULTIPLIERS[multiplier.lower()]
        if match["currency"]:
            if is_word and not multiplier:
                continue
            amount = Amount(
                match.start(),
                match.end(),
                match[0],
                value,
                "currency",
                _currency(match["currency"]),
                None,
            )
        elif match["percent"]:
            amount = Amount(match.start(), match.end(), match[0], value, "percent", None, None)
        elif match["quantity"]:
            if is_word and not multiplier:
                continue
            base, factor = _quantity(match["quantity"])
            amount = Amount(
                match.start(), match.end(), match[0], value * factor, "count", None, base
            )
        else:
            noun = match["noun"].lower()
            if is_word or noun in NOT_COUNTED or _looks_like_year(number, multiplier):
                continue
            amount = Amount(match.start(), match.end(), match[0], value, "count", None, noun)
        found.append(amount)
    return found


def _looks_like_year(number: str, multiplier: str | None) -> bool:
    return multiplier is None and re.fullmatch(r"(?:19|20)\d\d", number) is not None
