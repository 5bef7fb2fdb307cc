"""The fixed cast every generated article draws on: areas, actors and places, loaded
first from a registry source whose sentences are their evidence."""

import random
import re
from dataclasses import dataclass, field
from typing import Any

from briefings.seeding.schemas import SeedFile
from briefings.synthetic.cast import (
    BLOCS,
    GOVERNMENT_ROLES,
    MEDIA,
    NAMES,
    ORGANISATION_ROLES,
    ORGANISATIONS,
    REGION_OF,
    THEMES,
    Body,
    Role,
    Theme,
)
from briefings.synthetic.geography import (
    BORDER_TOWNS,
    CAPITALS,
    CITIES,
    COUNTRIES,
    Country,
    Town,
    capitalized,
    of_fr,
)
from briefings.synthetic.text import TextBuilder, slug

PREFIX = "syn"
REGISTRY_ID = f"{PREFIX}-registry"
REGISTRY_TITLE = "Registre de la génération synthétique n° {seed}"
REGISTRY_SEED = re.compile(r"génération synthétique n° (\d+)")
# Central Asia and its main partners get more people: the articles are about them.
FOCUS = ("KZ", "KG", "UZ", "TJ", "TM", "CN", "RU", "TR")
PEOPLE_PER_COUNTRY = 2
EXTRA_PEOPLE_IN_FOCUS = 3


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    country: str
    role: Role


@dataclass(frozen=True)
class PlaceRef:
    id: str
    town: Town
    kind: str


@dataclass
class World:
    """What the articles need to know about the registry, by country."""

    seed: int
    countries: dict[str, Country] = field(default_factory=dict)
    country_actor: dict[str, str] = field(default_factory=dict)
    people: dict[str, list[Person]] = field(default_factory=dict)
    organisation_heads: list[Person] = field(default_factory=list)
    media: list[tuple[str, Body]] = field(default_factory=list)
    places: dict[str, list[PlaceRef]] = field(default_factory=dict)
    areas: list[tuple[str, Theme]] = field(default_factory=list)
    registry: SeedFile | None = None
    registry_text: str = ""

    def ids(self) -> dict[str, set[str]]:
        """The registry's ids by record type: what every article may reference."""
        assert self.registry is not None
        return {
            "source": {REGISTRY_ID},
            "cooperation-area": {a.id for a in self.registry.cooperation_areas},
            "actor": {a.id for a in self.registry.actors},
            "place": {p.id for p in self.registry.places},
        }


def seed_of_registry(text: str) -> int | None:
    """The seed a registry text was generated with: how a second run recognises it."""
    found = REGISTRY_SEED.search(text)
    return None if found is None else int(found.group(1))


def _names(rng: random.Random, region: str, taken: set[str]) -> str:
    given, family = NAMES[region]
    while True:
        name = f"{rng.choice(given)} {rng.choice(family)}"
        if name not in taken:
            taken.add(name)
            return name


class _Registry:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"{PREFIX}:{seed}:registry")
        self.world = World(seed)
        self.text = TextBuilder()
        self.records: dict[str, list[dict[str, Any]]] = {
            "cooperation_areas": [],
            "actors": [],
            "places": [],
        }

    def add(self, collection: str, record: dict[str, Any], sentence: str) -> None:
        record["evidence"] = [sentence]
        self.records[collection].append(record)

    def say(self, sentence: str) -> str:
        self.text.sentence(sentence)
        return sentence

    def build(self) -> World:
        world = self.world
        self.text.add(REGISTRY_TITLE.format(seed=world.seed) + ".")
        self.text.paragraph()
        self._areas()
        self.text.paragraph()
        self._countries()
        self.text.paragraph()
        self._bodies()
        self.text.paragraph()
        self._people()
        self.text.paragraph()
        self._towns()
        world.registry_text = self.text.text()
        world.registry = SeedFile.model_validate(
            {
                "source": {
                    "id": REGISTRY_ID,
                    "file": f"{REGISTRY_ID}.fr.txt",
                    "title": {
                        "fr": REGISTRY_TITLE.format(seed=world.seed),
                        "en": f"Registry of synthetic generation no. {world.seed}",
                    },
                    "language": "fr",
                },
                **self.records,
            }
        )
        return world

    def _areas(self) -> None:
        for theme in THEMES:
            area_id = f"{PREFIX}-area-{theme.key}"
            sentence = self.say(f"Domaine {theme.of_fr} : {theme.description_fr}")
            self.add(
                "cooperation_areas",
                {
                    "id": area_id,
                    "name": {"fr": theme.name_fr, "en": theme.name_en},
                    "description": {"fr": theme.description_fr, "en": theme.description_en},
                },
                sentence,
            )
            self.world.areas.append((area_id, theme))

    def _countries(self) -> None:
        capitals = {town.country: town for town in CAPITALS}
        for country in COUNTRIES:
            capital = capitals[country.code]
            actor_id = f"{PREFIX}-country-{country.code.lower()}"
            sentence = self.say(
                f"{capitalized(country.the_fr)} ({country.code}) a pour capitale {capital.name_fr}."
            )
            self.add(
                "actors",
                {
                    "id": actor_id,
                    "kind": "country",
                    "name": {"fr": country.name_fr, "en": country.name_en},
                    "country": country.code,
                },
                sentence,
            )
            self._place(capital, "capital", sentence)
            self.world.countries[country.code] = country
            self.world.country_actor[country.code] = actor_id

    def _place(self, town: Town, kind: str, sentence: str) -> None:
        place_id = f"{PREFIX}-{slug(town.name_en)}-{town.country.lower()}"
        aliases = [town.name_en] if town.name_en != town.name_fr else []
        self.add(
            "places",
            {
                "id": place_id,
                "kind": kind,
                "name": {"fr": town.name_fr, "en": town.name_en},
                "aliases": aliases,
                "country": town.country,
                "latitude": town.latitude,
                "longitude": town.longitude,
            },
            sentence,
        )
        self.world.places.setdefault(town.country, []).append(PlaceRef(place_id, town, kind))

    def _bodies(self) -> None:
        described = {"bloc": "un bloc régional", "organisation": "une organisation internationale"}
        for body in (*BLOCS, *ORGANISATIONS, *MEDIA):
            what = described.get(body.kind, "un média d’information")
            sentence = self.say(f"« {body.name_fr} » est {what}.")
            record: dict[str, Any] = {
                "id": f"{PREFIX}-{body.key}",
                "kind": body.kind,
                "name": {"fr": body.name_fr, "en": body.name_en},
                "aliases": [body.name_en] if body.name_en != body.name_fr else [],
                "country": body.country,
            }
            self.add("actors", record, sentence)
            if body.kind == "media":
                self.world.media.append((record["id"], body))

    def _people(self) -> None:
        taken: set[str] = set()
        for country in COUNTRIES:
            count = PEOPLE_PER_COUNTRY + (EXTRA_PEOPLE_IN_FOCUS if country.code in FOCUS else 0)
            roles = self.rng.sample(GOVERNMENT_ROLES, count)
            for role in roles:
                name = _names(self.rng, REGION_OF[country.code], taken)
                sentence = self.say(
                    f"{name} occupe la fonction de {role.title_fr} {of_fr(country.the_fr)}."
                )
                person = self._person(name, country.code, role, None, sentence)
                self.world.people.setdefault(country.code, []).append(person)
        for body in ORGANISATIONS:
            role = self.rng.choice(ORGANISATION_ROLES)
            country = self.rng.choice(COUNTRIES)
            name = _names(self.rng, REGION_OF[country.code], taken)
            sentence = self.say(f"{name} est {role.title_fr} de « {body.name_fr} ».")
            head = self._person(name, country.code, role, f"{PREFIX}-{body.key}", sentence)
            self.world.organisation_heads.append(head)

    def _person(
        self, name: str, country: str, role: Role, organisation: str | None, sentence: str
    ) -> Person:
        person = Person(f"{PREFIX}-{slug(name)}", name, country, role)
        self.add(
            "actors",
            {
                "id": person.id,
                "kind": "person",
                "name": {"fr": name, "en": name},
                "country": country,
                "roles": [
                    {
                        "title": {"fr": role.title_fr, "en": role.title_en},
                        "organisation": organisation,
                        "country": None if organisation else country,
                    }
                ],
            },
            sentence,
        )
        return person

    def _towns(self) -> None:
        for town in CITIES:
            country = self.world.countries[town.country]
            sentence = self.say(f"{town.name_fr} est une ville {of_fr(country.the_fr)}.")
            self._place(town, "city", sentence)
        for town in BORDER_TOWNS:
            country = self.world.countries[town.country]
            sentence = self.say(
                f"{town.name_fr} est un point de passage frontalier {of_fr(country.the_fr)}."
            )
            self._place(town, "border-town", sentence)


def build_world(seed: int) -> World:
    """The registry for ``seed``: names and roles vary with the seed, places do not."""
    return _Registry(seed).build()
