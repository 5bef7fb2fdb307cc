"""Places: capitals where something happens (« à Bichkek »), other towns the model tags
after a locative word, border towns by the words around them, and regions, seas and
rivers from the lexicon."""

import re

from briefings.drafting.actors import LOCATIVE
from briefings.drafting.countries import countries
from briefings.drafting.organisations import BODIES
from briefings.drafting.records import Article, Drafted, Mention
from briefings.drafting.regions import REGIONS
from briefings.drafting.spans import QuoteValue, plain, slug, word_at

BORDER = re.compile(r"frontali|frontière|poste-frontière|transfrontali", re.IGNORECASE)
TOWN_LOCATIVE = re.compile(
    r"(?:(?<![\w])(?:à|vers|depuis|jusqu[’']à|près de|via|entre)|ville de|localité de|"
    r"(?:poste-)?frontière de|région de|province de)[^\S\n]+$",
    re.IGNORECASE,
)
# « entre Ayagoz et Tacheng »: the second town of a pair.
PAIRED = re.compile(r"(?<![\w])entre[^\S\n]+(?P<first>[A-ZÀ-Ý][\w’'-]+)[^\S\n]+et[^\S\n]+$")
# How much of the text before a town is read for « frontalier ».
BORDER_WINDOW = 40


def _place(
    key: str,
    kind: str,
    fr: str,
    en: str,
    country: str | None,
    evidence: list[QuoteValue],
    confidence: float,
    why: str,
) -> Drafted:
    return Drafted(
        "places",
        {
            "id": key,
            "kind": kind,
            "name": {"fr": fr, "en": en},
            "aliases": [fr] if fr != en else [],
            "country": country,
            "latitude": None,
            "longitude": None,
            "wikidata": None,
            "geonames": None,
            "evidence": evidence,
        },
        confidence,
        why,
        (fr, en),
    )


def _evidence_with_preposition(article: Article, start: int, end: int) -> QuoteValue:
    """« à Bichkek » rather than « Bichkek »: the words that make it a place."""
    before = article.text[max(0, start - 30) : start]
    found = TOWN_LOCATIVE.search(before) or LOCATIVE.search(before)
    return article.quote(start - (len(before) - found.start()) if found else start, end)


def find_places(article: Article) -> list[Drafted]:
    text = article.text
    drafted: list[Drafted] = []
    by_country = {c.slug: c for c in countries().values()}
    capitals: dict[str, list[Mention]] = {}
    for mention in article.mentions:
        if mention.how == "capital-place":
            capitals.setdefault(mention.key, []).append(mention)
    for key, found in capitals.items():
        country = by_country[key]
        first = found[0]
        fr = text[first.start : first.end]
        place_id = slug(country.capital_en or fr)
        for mention in found:
            article.mentions.append(Mention(place_id, mention.start, mention.end, "place"))
        drafted.append(
            _place(
                place_id,
                "capital",
                country.capital_fr[0],
                country.capital_en or fr,
                country.code,
                [_evidence_with_preposition(article, first.start, first.end)],
                0.9,
                "capital named as where something happens",
            )
        )
    for form in sorted(REGIONS, key=len, reverse=True):
        found_regions = [
            m
            for m in word_at(re.escape(form)).finditer(text)
            if not article.taken(m.start(), m.end())
        ]
        if not found_regions:
            continue
        english = REGIONS[form]
        place_id = slug(english)
        for match in found_regions:
            article.mentions.append(Mention(place_id, match.start(), match.end(), "place"))
        existing = next((d for d in drafted if d.id == place_id), None)
        if existing is not None:
            continue
        drafted.append(
            _place(
                place_id,
                "region",
                form,
                english,
                None,
                [article.quote(m.start(), m.end()) for m in found_regions[:3]],
                0.85,
                "region, sea or river from the lexicon",
            )
        )
    known = {plain(form) for body in BODIES for form in body.forms}
    for entity in article.entities:
        name = entity.text.strip()
        if entity.label != "LOC" or article.taken(entity.start, entity.end):
            continue
        if not re.fullmatch(r"[A-ZÀ-Ý][\w’'-]+(?:[^\S\n][A-ZÀ-Ý][\w’'-]+)?", name):
            continue
        if plain(name) in known:
            continue
        before = text[max(0, entity.start - 40) : entity.start]
        if not TOWN_LOCATIVE.search(before) and not PAIRED.search(before):
            continue
        place_id = slug(name)
        article.mentions.append(Mention(place_id, entity.start, entity.start + len(name), "place"))
        if any(d.id == place_id for d in drafted):
            continue
        border = BORDER.search(text[max(0, entity.start - BORDER_WINDOW) : entity.start])
        drafted.append(
            _place(
                place_id,
                "border-town" if border else "city",
                name,
                name,
                None,
                [_evidence_with_preposition(article, entity.start, entity.start + len(name))],
                0.7 if border else 0.6,
                "town tagged by the model after « à »" + (", « frontalier »" if border else ""),
            )
        )
    return drafted
