"""One generated article: a French source text and the records curated from it.

Every statement's text, figure's wording and evidence quote is a piece of the text the
article builds, placed there by the same code, so every quote resolves.
"""

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from briefings.seeding.schemas import SeedFile
from briefings.synthetic.figures import FIGURES
from briefings.synthetic.geography import (
    Country,
    at_town_fr,
    capitalized,
    of_fr,
    of_town_fr,
)
from briefings.synthetic.phrases import (
    HEADINGS,
    MONTHS_FR,
    PROJECT_STATUS,
    PROJECTS,
    STATEMENT_KINDS,
    STATEMENTS,
    VISIT_KINDS,
)
from briefings.synthetic.text import TextBuilder, quote_at
from briefings.synthetic.world import PREFIX, Person, PlaceRef, World

PROJECTS_PER_SOURCE = 5
FIGURES_PER_SOURCE = 5
STATEMENTS_PER_SOURCE = 50
SENTENCES_PER_PARAGRAPH = 5
FIRST_DATE = dt.date(2018, 1, 1)
DAYS = 8 * 365


def source_id(index: int) -> str:
    return f"{PREFIX}-s{index:06d}"


def briefing_id(index: int) -> str:
    return f"{PREFIX}-b{index:06d}"


@dataclass(frozen=True)
class Article:
    seed: SeedFile
    text: str


@dataclass(frozen=True)
class Speaker:
    id: str
    fr: str
    en: str
    country: str
    person: bool


def date_fr(day: dt.date) -> str:
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS_FR[day.month - 1]} {day.year}"


class ArticleWriter:
    """Builds one article; every method appends sentences and the records they support."""

    def __init__(self, world: World, seed: int, index: int, statements: int) -> None:
        self.world = world
        self.index = index
        self.statements = statements
        self.rng = random.Random(f"{PREFIX}:{seed}:{index}")
        self.id = source_id(index)
        self.text = TextBuilder()
        self.pending: list[tuple[dict[str, Any], str, list[tuple[str, int]]]] = []
        self.records: dict[str, list[dict[str, Any]]] = {
            "visits": [],
            "statements": [],
            "projects": [],
            "figures": [],
        }
        rng = self.rng
        host_code, guest_code = rng.sample(sorted(world.people), 2)
        self.host: Country = world.countries[host_code]
        self.guest: Country = world.countries[guest_code]
        self.date = FIRST_DATE + dt.timedelta(days=rng.randrange(DAYS))
        self.numbers = rng.sample(range(2, 1000), statements + FIGURES_PER_SOURCE)
        self.areas = rng.sample(world.areas, 3)

    def cite(self, collection: str, record: dict[str, Any], quotes: list[tuple[str, int]]) -> None:
        """Quotes are resolved to occurrences once the whole text exists."""
        self.pending.append((record, collection, quotes))

    def number(self) -> int:
        return self.numbers.pop()

    def _visit(self) -> tuple[str, Person, PlaceRef]:
        rng, world = self.rng, self.world
        visitor = rng.choice(world.people[self.guest.code])
        hosts = world.people[self.host.code]
        counterparts = rng.sample(hosts, rng.choice((1, 2)) if len(hosts) > 1 else 1)
        place = self._place()
        kind = rng.choice(sorted(VISIT_KINDS))
        adjective = VISIT_KINDS[kind]
        names = " et ".join(p.name for p in counterparts)
        sentence = (
            f"Le {date_fr(self.date)}, {visitor.name}, {visitor.role.title_fr} "
            f"{of_fr(self.guest.the_fr)}, a effectué une visite {adjective.fr} "
            f"{at_town_fr(place.town.name_fr)} pour y rencontrer {names}."
        )
        at = self.text.sentence(sentence)
        visit_id = f"{self.id}-v"
        agreements = self.number()
        self.cite(
            "visits",
            {
                "id": visit_id,
                "date": self.date,
                "visitor": visitor.id,
                "host_country": self.host.code,
                "place": place.id,
                "kind": kind,
                "counterparts": [p.id for p in counterparts],
                "description": {
                    "fr": f"Visite {adjective.fr} de {visitor.name} "
                    f"{at_town_fr(place.town.name_fr)}.",
                    "en": f"{adjective.en.capitalize()} visit of {visitor.name} "
                    f"to {place.town.name_en}.",
                },
                "outcomes": [
                    {
                        "fr": f"Signature de {agreements} accords",
                        "en": f"Signing of {agreements} agreements",
                    }
                ],
            },
            [(sentence, at)],
        )
        return visit_id, visitor, place

    def _place(self) -> PlaceRef:
        places = self.world.places[self.host.code]
        capital = places[0]
        return capital if self.rng.random() < 0.6 else self.rng.choice(places)

    def _speaker(self, kind: str) -> Speaker:
        rng, world = self.rng, self.world
        country = rng.choice((self.host, self.guest))
        if kind in ("commitment", "proposal", "position") and rng.random() < 0.4:
            return Speaker(
                world.country_actor[country.code],
                capitalized(country.the_fr),
                country.name_en,
                country.code,
                person=False,
            )
        if rng.random() < 0.1:
            person = rng.choice(world.organisation_heads)
        else:
            person = rng.choice(world.people[country.code])
        return Speaker(person.id, person.name, person.name, person.country, person=True)

    def _statements(self, visit_id: str, place: PlaceRef) -> None:
        rng = self.rng
        kinds = [STATEMENT_KINDS[k % len(STATEMENT_KINDS)] for k in range(self.statements)]
        rng.shuffle(kinds)
        adjective = VISIT_KINDS[rng.choice(sorted(VISIT_KINDS))]
        occasion = {
            "fr": f"Visite {adjective.fr} {at_town_fr(place.town.name_fr)}",
            "en": f"{adjective.en.capitalize()} visit to {place.town.name_en}",
        }
        for k, kind in enumerate(kinds):
            if k == 2:
                self._heading(0)
            elif k > 2 and (k - 2) % SENTENCES_PER_PARAGRAPH == 0:
                self.text.paragraph()
            self._statement(k, kind, visit_id, occasion)

    def _statement(self, k: int, kind: str, visit_id: str, occasion: dict[str, str]) -> None:
        rng = self.rng
        speaker = None if kind == "assessment" else self._speaker(kind)
        if kind in ("direct-quote", "reported-speech") and speaker and not speaker.person:
            kind = "position"
        area_id, theme = rng.choice(self.areas)
        # The partner is the other side: never "Japan commits ... with Japan".
        partner = self.host if speaker and speaker.country == self.guest.code else self.guest
        template = rng.choice(STATEMENTS[kind])
        slots = {
            "n": self.number(),
            "year": rng.randrange(2015, 2031),
            "of": theme.of_fr,
            "theme": theme.name_en.lower(),
            "partner": partner.the_fr,
            "partner_en": partner.name_en,
            "who": speaker.fr if speaker else "",
            "who_en": speaker.en if speaker else "",
        }
        text = template.fr.format(**slots)
        translation = template.en.format(**slots)
        reported_by = None
        if kind == "direct-quote":
            assert speaker is not None
            attribution = f"a déclaré {speaker.fr}"
            sentence = f"« {text} », {attribution}."
        elif kind == "reported-speech":
            reported_by, media = rng.choice(self.world.media)
            sentence = f"Selon {media.name_fr}, {text}."
        else:
            sentence = f"{text}."
        at = self.text.sentence(sentence)
        quotes = [(text, at + sentence.index(text)), (sentence, at)]
        if kind == "direct-quote":
            quotes.append((attribution, at + sentence.index(attribution)))
        self.cite(
            "statements",
            {
                "id": f"{self.id}-st{k:02d}",
                "speaker": speaker.id if speaker else None,
                "kind": kind,
                "text": text,
                "translation": translation,
                "language": "fr",
                "date": self.date if speaker else None,
                "occasion": occasion if kind == "direct-quote" else None,
                "visit": visit_id if rng.random() < 0.7 else None,
                "reported_by": reported_by,
                "countries": sorted({self.host.code, self.guest.code}),
                "areas": [area_id],
            },
            quotes,
        )

    def _heading(self, which: int) -> None:
        self.text.paragraph()
        self.text.add(HEADINGS[which].fr)
        self.text.paragraph()

    def _projects(self) -> None:
        rng = self.rng
        statuses = list(PROJECT_STATUS)
        rng.shuffle(statuses)
        for k, (kind, name_fr, name_en) in enumerate(rng.sample(PROJECTS, PROJECTS_PER_SOURCE)):
            place = self._place()
            area_id, _ = rng.choice(self.areas)
            status = statuses[k % len(statuses)]
            year = self.date.year + rng.randrange(-3, 6)
            phrase = PROJECT_STATUS[status]
            full_fr = f"{name_fr} {of_town_fr(place.town.name_fr)}"
            sentence = f"{capitalized(full_fr)} {phrase.fr.format(year=year)}."
            at = self.text.sentence(sentence)
            title_fr = full_fr.split(" ", 1)[1] if full_fr.startswith(("le ", "la ")) else full_fr
            title_fr = title_fr.removeprefix("l\u2019")
            name = {"fr": capitalized(title_fr), "en": f"{place.town.name_en} {name_en}"}
            self.cite(
                "projects",
                {
                    "id": f"{self.id}-p{k}",
                    "name": name,
                    "kind": kind,
                    "status": status,
                    "place": place.id,
                    "countries": sorted({self.host.code, self.guest.code}),
                    "areas": [area_id],
                    "description": {
                        "fr": sentence,
                        "en": f"The {name['en']} {phrase.en.format(year=year)}.",
                    },
                },
                [(sentence, at)],
            )

    def _figures(self) -> None:
        kinds = self.rng.sample(sorted(FIGURES), FIGURES_PER_SOURCE)
        for k, figure in enumerate(kinds):
            FIGURES[figure](self, f"{self.id}-f{k}")

    def add_figure(
        self, figure_id: str, sentence: str, wording: str, record: dict[str, Any]
    ) -> None:
        at = self.text.sentence(sentence)
        area_id, _ = self.areas[0]
        self.cite(
            "figures",
            {
                "id": figure_id,
                "countries": sorted({self.host.code, self.guest.code}),
                "areas": [area_id],
                "wording": wording,
                **record,
            },
            [(wording, at + sentence.index(wording)), (sentence, at)],
        )

    def build(self, briefing: dict[str, Any] | None) -> Article:
        visit_id, _, place = self._visit()
        self._statements(visit_id, place)
        self._heading(1)
        self._projects()
        self.text.paragraph()
        self._figures()
        text = self.text.text()
        for record, collection, quotes in self.pending:
            cited = [quote_at(text, quote, at) for quote, at in quotes]
            if collection == "statements":
                first = cited.pop(0)
                record["text_occurrence"] = None if isinstance(first, str) else first["occurrence"]
            elif collection == "figures":
                first = cited.pop(0)
                record["wording_occurrence"] = (
                    None if isinstance(first, str) else first["occurrence"]
                )
            record["evidence"] = cited
            self.records[collection].append(record)
        seed = SeedFile.model_validate(
            {
                "source": {
                    "id": self.id,
                    "file": f"{self.id}.fr.txt",
                    "title": {
                        "fr": f"Coopération entre {self.host.the_fr} et {self.guest.the_fr} "
                        f"{at_town_fr(place.town.name_fr)}",
                        "en": f"Cooperation between {self.host.name_en} and "
                        f"{self.guest.name_en} in {place.town.name_en}",
                    },
                    "language": "fr",
                    "publisher": self.rng.choice(self.world.media)[1].name_fr,
                    "published_date": self.date + dt.timedelta(days=self.rng.randrange(0, 3)),
                    "sections": [
                        {},
                        *({"heading": h.fr, "title_en": h.en} for h in HEADINGS),
                    ],
                },
                "briefings": [] if briefing is None else [briefing],
                **self.records,
            }
        )
        return Article(seed, text)

    def briefing(self, sources: list[str]) -> dict[str, Any]:
        area_ids = [area_id for area_id, _ in self.areas]
        theme = self.areas[0][1]
        number = self.index // 20
        return {
            "id": briefing_id(self.index),
            "title": {
                "fr": f"Synthèse n° {number} : coopération dans le domaine {theme.of_fr}",
                "en": f"Digest no. {number}: cooperation in {theme.name_en.lower()}",
            },
            "summary": {
                "fr": f"{len(sources)} articles sur la coopération entre "
                f"{self.host.the_fr} et ses partenaires.",
                "en": f"{len(sources)} articles on cooperation between "
                f"{self.host.name_en} and its partners.",
            },
            "date": self.date,
            "countries": sorted({self.host.code, self.guest.code}),
            "areas": area_ids,
            "sources": sources,
        }


def write_article(
    world: World, seed: int, index: int, statements: int, briefing_sources: list[str] | None
) -> Article:
    """Article ``index`` of generation ``seed``: the same whatever the chunking."""
    writer = ArticleWriter(world, seed, index, statements)
    briefing = None if briefing_sources is None else writer.briefing(briefing_sources)
    return writer.build(briefing)
