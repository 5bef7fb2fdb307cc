"""Visits: « visite officielle de X à Y, le 1er août 2025 », « X s'est rendu à Y ».

A visit needs a date (the record requires one): the date said in its sentence, else the
article's date when one is given; a visit with neither is left out with a note.
"""

import re

from briefings.drafting.countries import countries
from briefings.drafting.dates import date_mentions
from briefings.drafting.records import Article, Drafted, Mention, untranslated
from briefings.drafting.spans import slug

TRIGGER = re.compile(
    r"visite(?:[^\S\n]+(?P<kind>officielle|d[’']État|d[’']état|de travail|privée))?"
    r"|s[’']est rendue?[^\S\n]+(?:à|en|au)|en visite[^\S\n]+(?:à|en|au)"
    r"|(?:est|sont) arrivée?s?\b",
    re.IGNORECASE,
)
# « visite officielle du ministre X »: the visitor follows; otherwise it is the subject.
OF_VISITOR = re.compile(r"^[^\S\n]*(?:de|du|des|d[’'])\b[^,.;]{0,100}$", re.IGNORECASE)
KINDS = {
    "officielle": "official",
    "d’état": "state",
    "d'état": "state",
    "de travail": "working",
    "privée": "private",
}


def find_visits(
    article: Article, actors: list[Drafted], places: list[Drafted]
) -> tuple[list[Drafted], list[str]]:
    text = article.text
    people = {a.id: a for a in actors if a.fields["kind"] == "person"}
    towns = {p.id: p for p in places if p.fields["kind"] != "region"}
    by_slug = {c.slug: c.code for c in countries().values()}
    dates = date_mentions(text, article.published)
    drafted: list[Drafted] = []
    notes: list[str] = []
    for sentence in article.sentences:
        trigger = TRIGGER.search(sentence.text)
        if trigger is None:
            continue
        at = sentence.start + trigger.start()
        mentions = article.mentions_in(sentence.start, sentence.end)
        visitors = [m for m in mentions if m.key in people]
        where = [m for m in mentions if m.key in towns]
        where = [m for m in where if m.start > at] or where
        if not visitors or not where:
            continue
        visitor = _visitor(text, trigger.end() + sentence.start, visitors)
        place = towns[where[0].key]
        host = place.fields["country"] or next(
            (
                by_slug[m.key]
                for m in mentions
                if m.key in by_slug and m.how == "name" and m.start > at
            ),
            None,
        )
        if host is None:
            continue
        date = next(
            (d.date for d in dates if sentence.start <= d.start < sentence.end and d.date),
            article.published,
        )
        if date is None:
            notes.append(f"visit of {visitor.key} to {place.id} left out: no date is said")
            continue
        said = [d for d in dates if sentence.start <= d.start < sentence.end]
        # From the first to the last of trigger, visitor, place and date, in any order.
        begin = min(at, visitor.start, where[0].start, *(d.start for d in said))
        end = max(sentence.start + trigger.end(), visitor.end, where[0].end, *(d.end for d in said))
        counterparts = [
            key
            for key, person in people.items()
            if person.fields["country"] == host and key != visitor.key
        ]
        kind = KINDS.get((trigger["kind"] or "").lower(), "official")
        words = text[begin:end]
        drafted.append(
            Drafted(
                "visits",
                {
                    "id": slug(f"{visitor.key.split('-')[-1]} {place.id} {date.isoformat()}"),
                    "date": date.isoformat(),
                    "visitor": visitor.key,
                    "host_country": host,
                    "place": place.id,
                    "kind": kind,
                    "counterparts": counterparts,
                    "description": untranslated(words[0].upper() + words[1:] + "."),
                    "outcomes": [],
                    "evidence": [article.quote(begin, end)],
                },
                0.8 if trigger["kind"] else 0.65,
                f"« {trigger[0]} » with a person and a place",
            )
        )
    return drafted, notes


def _visitor(text: str, trigger_end: int, visitors: list[Mention]) -> Mention:
    after = [m for m in visitors if m.start >= trigger_end]
    if after and OF_VISITOR.match(text[trigger_end : after[0].start]):
        return after[0]
    before = [m for m in visitors if m.start < trigger_end]
    return before[0] if before else visitors[0]
