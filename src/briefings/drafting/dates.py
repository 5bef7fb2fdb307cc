"""French dates and periods: « le 1er août 2025 », « le 12 mars », « en 2024 », « d'ici 2030 ».

A date without a year takes the year of the article's date when one is given (the
latest such date not after it); without an article date it stays unknown (None).
"""

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
}
MONTH = "|".join(MONTHS)
DAY_MONTH = re.compile(
    rf"(?<![\w])(?P<day>1er|[12]?\d|3[01])\s+(?P<month>{MONTH})(?:\s+(?P<year>(?:19|20)\d\d))?",
    re.IGNORECASE,
)
# A figure's period, said after it: the year, the horizon, or words with no year.
YEAR = re.compile(
    r"(?<![\w])(?P<lead>en|d[’']ici(?: à| a)?|pour|à l[’']horizon(?: de)?)\s+"
    r"(?:(?P<month>" + MONTH + r")\s+)?(?P<year>(?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
OPEN_ENDED: dict[str, str] = {
    "dans les prochaines années": "in the coming years",
    "dans les années à venir": "in the years to come",
    "à moyen terme": "in the medium term",
    "à long terme": "in the long term",
    "à court terme": "in the short term",
}
AS_OF: dict[str, str] = {
    "désormais": "now",
    "actuellement": "currently",
    "aujourd’hui": "today",
    "aujourd'hui": "today",
}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date: dt.date | None


def date_mentions(text: str, published: dt.date | None) -> list[DateMention]:
    found: list[DateMention] = []
    for match in DAY_MONTH.finditer(text):
        day = 1 if match["day"].lower() == "1er" else int(match["day"])
        month = MONTHS[match["month"].lower()]
        year = int(match["year"]) if match["year"] else None
        if year is None and published is not None:
            year = published.year
            if (month, day) > (published.month, published.day):
                year -= 1  # "le 12 mars" in an article of February: last year's March
        try:
            date = dt.date(year, month, day) if year is not None else None
        except ValueError:
            date = None
        found.append(DateMention(match.start(), match.end(), date))
    return found


@dataclass(frozen=True)
class Period:
    period: str | None
    kind: str  # year, open-ended or as-of
    text: dict[str, str] | None
    horizon: bool  # "d'ici 2030": a target's deadline


def period_in(clause: str) -> Period | None:
    """The first period said in ``clause`` (the words after a figure)."""
    year = YEAR.search(clause)
    lowered = clause.lower()
    words = [(lowered.find(w), w, en) for w, en in OPEN_ENDED.items() if w in lowered]
    if year is not None and (not words or year.start() < min(words)[0]):
        month = year["month"]
        value = year["year"] if not month else f"{year['year']}-{MONTHS[month.lower()]:02d}"
        lead = year["lead"].lower()
        return Period(value, "year", None, not lead.startswith("en"))
    if words:
        _, word, english = min(words)
        return Period(None, "open-ended", {"fr": word, "en": english}, True)
    return None


def as_of_in(clause: str) -> Period | None:
    lowered = clause.lower()
    for word, english in AS_OF.items():
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", lowered):
            return Period(None, "as-of", {"fr": word, "en": english}, False)
    return None
