"""Titles people hold (« ministre kazakhstanais des Affaires étrangères »), read from the
words before or after a name, with their English form where the title is a known one."""

import re
from dataclasses import dataclass

from briefings.drafting.countries import adjective_pattern, country_of_adjective

HEADS: dict[str, str] = {
    "premier ministre": "Prime Minister",
    "première ministre": "Prime Minister",
    "vice-premier ministre": "Deputy Prime Minister",
    "vice-première ministre": "Deputy Prime Minister",
    "vice-ministre": "Deputy Minister",
    "ministre": "Minister",
    "vice-président": "Vice-President",
    "vice-présidente": "Vice-President",
    "président": "President",
    "présidente": "President",
    "chef de la diplomatie": "Foreign Minister",
    "ambassadeur": "Ambassador",
    "ambassadrice": "Ambassador",
    "secrétaire général": "Secretary-General",
    "secrétaire générale": "Secretary-General",
    "directeur général": "Director-General",
    "directrice générale": "Director-General",
    "porte-parole": "Spokesperson",
    "gouverneur": "Governor",
    "maire": "Mayor",
    "émir": "Emir",
    "roi": "King",
}
PORTFOLIOS: dict[str, str] = {
    "affaires étrangères": "Foreign Affairs",
    "économie": "Economy",
    "énergie": "Energy",
    "commerce": "Trade",
    "finances": "Finance",
    "défense": "Defence",
    "agriculture": "Agriculture",
    "éducation": "Education",
    "transports": "Transport",
    "industrie": "Industry",
    "intérieur": "Internal Affairs",
    "santé": "Health",
    "culture": "Culture",
    "justice": "Justice",
    "investissements": "Investment",
    "ressources en eau": "Water Resources",
    "commerce et de l’intégration": "Trade and Integration",
}
HEAD = "|".join(sorted((re.escape(h) for h in HEADS), key=len, reverse=True))
# The title ends where the name starts: no punctuation in between.
HEAD_AT = re.compile(rf"(?<![\w-])(?:{HEAD})(?!\w)", re.IGNORECASE)
BEFORE = re.compile(
    rf"(?P<title>(?:{HEAD})(?:[^\S\n]+[^\s,;:()«»“”\"]+){{0,8}}?)[^\S\n]+$",
    re.IGNORECASE,
)
AFTER = re.compile(
    rf"^,[^\S\n]+(?:l[ea][^\S\n]+|l[’'])?(?P<title>(?:{HEAD})[^,;:()«»\n]{{0,80}})", re.IGNORECASE
)
COUNTERPART = re.compile(r"homologue[^\S\n]+(?P<adjective>[\w-]+)[^\S\n]+$", re.IGNORECASE)
POSSESSIVE = re.compile(rf"(?<![\w])(?:sa|son|ses)[^\S\n]+(?=(?:{HEAD}))", re.IGNORECASE)
# « du Kirghizistan » at the end of a title says the country; it is not part of the title.
OF_COUNTRY = re.compile(
    r"[^\S\n]+(?:du|de la|de l[’']|d[’']|des)[^\S\n]*(?P<name>[A-ZÀ-Ý][\w-]*(?:[^\S\n]+[\w-]+)?)$"
)


@dataclass(frozen=True)
class Role:
    title: str
    english: str | None
    country: str | None  # from the title's adjective or country name
    start: int  # where the title starts in the text
    possessive: bool  # "sa Première ministre": the country is the sentence's subject


def english(title: str) -> str | None:
    lowered = title.lower()
    for head in sorted(HEADS, key=len, reverse=True):
        if lowered.startswith(head):
            rest = lowered[len(head) :].strip()
            if not rest:
                return HEADS[head]
            portfolio = re.sub(r"^(?:des|de la|de l[’']|du|de|d[’'])\s*", "", rest)
            if portfolio in PORTFOLIOS:
                return f"{HEADS[head]} of {PORTFOLIOS[portfolio]}"
            return None
    return None


def _clean(title: str, country_names: dict[str, str]) -> tuple[str, str | None]:
    """The title without its nationality, and the country it named."""
    country = None
    adjective = adjective_pattern().search(title)
    if adjective is not None:
        country = country_of_adjective(adjective.group(1))
        title = title[: adjective.start()].rstrip() + " " + title[adjective.end() :].lstrip()
    named = OF_COUNTRY.search(title)
    if named is not None and named["name"] in country_names:
        country = country or country_names[named["name"]]
        title = title[: named.start()]
    return " ".join(title.split()), country


def role_before(text: str, start: int, country_names: dict[str, str]) -> Role | None:
    window_start = max(0, start - 120)
    window = text[window_start:start]
    # The nearest title wins: "le président X a reçu le ministre Y" gives Y the minister.
    found = None
    for head in reversed(list(HEAD_AT.finditer(window))):
        found = BEFORE.match(window, head.start())
        if found is not None:
            break
    if found is None:
        return None
    raw = found["title"]
    title, country = _clean(raw, country_names)
    head_start = window_start + found.start("title")
    possessive = POSSESSIVE.search(text[max(0, head_start - 6) : head_start + 1]) is not None
    return Role(title, english(title), country, head_start, possessive)


def role_after(text: str, end: int, country_names: dict[str, str]) -> Role | None:
    found = AFTER.search(text[end : end + 140])
    if found is None:
        return None
    title, country = _clean(found["title"].strip(), country_names)
    return Role(title, english(title), country, end + found.start("title"), False)


def counterpart_country(text: str, start: int) -> str | None:
    found = COUNTERPART.search(text[max(0, start - 60) : start])
    return None if found is None else country_of_adjective(found["adjective"])


PORTFOLIO = "|".join(sorted((re.escape(p) for p in PORTFOLIOS), key=len, reverse=True))
ADJECTIVE = r"[a-zàâçéèêëîïôûùüÿœ-]+"
TITLED_NAME = re.compile(
    rf"(?<![\w-])(?:{HEAD})(?:[^\S\n]+{ADJECTIVE})?"
    rf"(?:[^\S\n]+(?:des|du|de la|de l[’']|de)[^\S\n]*(?:{PORTFOLIO}))?"
    rf"(?:[^\S\n]+{ADJECTIVE})?,?[^\S\n]+"
    r"(?P<name>(?-i:[A-ZÀ-Ý][\w’'-]+(?:[^\S\n]+[A-ZÀ-Ý][\w’'-]+){1,2}))",
    re.IGNORECASE,
)


def titled_names(text: str) -> list[tuple[int, int, str]]:
    """Names written right after a title (« ministre turc du Commerce Ömer Bolat »)."""
    found = []
    for match in TITLED_NAME.finditer(text):
        name = match["name"]
        if name[0].isupper() and all(w[0].isupper() for w in name.split()):
            found.append((match.start("name"), match.end("name"), name))
    return found
