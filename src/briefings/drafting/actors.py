"""Actors: countries (by name, or by their capital speaking for them), blocs,
organisations, media, and people with their role and country."""

import re

from briefings.drafting.countries import (
    Country,
    adjective_pattern,
    countries,
    country_of_adjective,
)
from briefings.drafting.organisations import BODIES
from briefings.drafting.records import TO_TRANSLATE, Article, Drafted, Mention
from briefings.drafting.regions import REGIONS
from briefings.drafting.roles import (
    PORTFOLIOS,
    Role,
    counterpart_country,
    role_after,
    role_before,
    titled_names,
)
from briefings.drafting.spans import QuoteValue, plain, slug, word_at

# A capital after these words is a place (« à Bichkek »); elsewhere it speaks for its
# country (« Bichkek s'engage », « entre Astana et Bichkek »).
LOCATIVE = re.compile(
    r"(?:(?<![\w])(?:à|a|vers|depuis|jusqu[’']à|près de|via|capitale|capitale,)|"
    r"(?<![\w])(?:arrivé|arrivée|rendu|rendue)\s+à)[^\S\n]+$",
    re.IGNORECASE,
)
CITED = re.compile(
    r"(?:[Dd][’']après|[Ss]elon|rapporte|a rapporté|cité par|rapporté par)[^\S\n]+"
    r"(?:(?:le|la|l[’'])[^\S\n]*(?:site|journal|quotidien|média|agence)?[^\S\n]*)?"
    r"(?P<name>[A-Z][\w.-]+(?:[^\S\n]+[A-Z][\w.-]+){0,2})"
)
# Model tags that name an organisation only when one of these heads them.
ORGANISATION_HEADS = re.compile(
    r"^(?:Banque|Fonds|Organisation|Agence|Ministère|Conseil|Commission|Société|Compagnie|"
    r"Corporation|Fondation|Institut|Université|Comité|Association|Union|Forum|Chambre|"
    r"Centre|Office|Autorité)\b"
)
PORTFOLIO_WORDS = frozenset(
    plain(word) for portfolio in PORTFOLIOS for word in portfolio.split() if len(word) > 3
)
NAME_WORD = re.compile(r"^(?:[A-ZÀ-Ý][\w’'-]+|de|da|van|von|al|el|ben|bin|ibn)$")


def _country_record(country: Country, evidence: list[QuoteValue], confidence: float) -> Drafted:
    return Drafted(
        "actors",
        {
            "id": country.slug,
            "kind": "country",
            "name": {"fr": country.fr, "en": country.en},
            "aliases": list(country.names[1:]),
            "country": country.code,
            "wikidata": None,
            "roles": [],
            "evidence": evidence,
        },
        confidence,
        "country named in the text" if confidence > 0.8 else "its capital speaks for it",
        (country.fr, country.en, *country.names),
    )


def find_countries(article: Article) -> list[Drafted]:
    text = article.text
    drafted: list[Drafted] = []
    for country in countries().values():
        forms = sorted(country.names, key=len, reverse=True)
        named = [
            m
            for m in word_at("|".join(map(re.escape, forms))).finditer(text)
            if not article.taken(m.start(), m.end())
        ]
        for match in named:
            article.mentions.append(Mention(country.slug, match.start(), match.end(), "name"))
        metonyms = []
        for form in country.capital_fr:
            for match in word_at(re.escape(form)).finditer(text):
                before = text[max(0, match.start() - 30) : match.start()]
                how = "capital-place" if LOCATIVE.search(before) else "capital"
                article.mentions.append(Mention(country.slug, match.start(), match.end(), how))
                if how == "capital":
                    metonyms.append(match)
        if not named and not metonyms:
            continue
        evidence = [article.quote(m.start(), m.end()) for m in (named[:1] + metonyms[:1])]
        drafted.append(_country_record(country, evidence, 0.95 if named else 0.6))
    for match in adjective_pattern().finditer(text):
        code = country_of_adjective(match.group(1))
        if code is not None and not article.taken(match.start(), match.end()):
            article.mentions.append(
                Mention(countries()[code].slug, match.start(), match.end(), "adjective")
            )
    return drafted


def find_bodies(article: Article) -> list[Drafted]:
    text = article.text
    drafted: list[Drafted] = []
    for body in BODIES:
        forms = sorted(body.forms, key=len, reverse=True)
        found = [
            m
            for m in word_at("|".join(map(re.escape, forms))).finditer(text)
            if not article.taken(m.start(), m.end())
        ]
        if not found:
            continue
        key = slug(body.en)
        for match in found:
            article.mentions.append(Mention(key, match.start(), match.end(), body.kind))
        drafted.append(
            _body(
                key,
                body.kind,
                body.fr,
                body.en,
                body.forms,
                body.country,
                [article.quote(found[0].start(), found[0].end())],
                0.9,
                f"{body.kind} from the lexicon",
            )
        )
    known = {plain(name) for d in drafted for name in d.names}
    for match in CITED.finditer(text):
        name = match["name"]
        start = match.start("name")
        if (
            plain(name) in known
            or article.taken(start, start + len(name))
            or _person_like(article, start)
        ):
            continue
        known.add(plain(name))
        article.mentions.append(Mention(slug(name), start, start + len(name), "media"))
        drafted.append(
            _body(
                slug(name),
                "media",
                name,
                name,
                (name,),
                None,
                [article.quote(match.start(), match.end())],
                0.6,
                "cited as a source (« d'après », « selon »)",
            )
        )
    for entity in article.entities:
        name = entity.text.strip()
        if entity.label != "ORG" or not ORGANISATION_HEADS.match(name) or plain(name) in known:
            continue
        if article.taken(entity.start, entity.end) or len(name.split()) < 2:
            continue
        known.add(plain(name))
        article.mentions.append(Mention(slug(name), entity.start, entity.end, "organisation"))
        drafted.append(
            _body(
                slug(name),
                "organisation",
                name,
                "",
                (name,),
                None,
                [article.quote(entity.start, entity.end)],
                0.5,
                "organisation tagged by the model",
            )
        )
    return drafted


def _person_like(article: Article, start: int) -> bool:
    return any(e.label == "PER" and e.start <= start < e.end for e in article.entities)


def _body(
    key: str,
    kind: str,
    fr: str,
    en: str,
    forms: tuple[str, ...],
    country: str | None,
    evidence: list[QuoteValue],
    confidence: float,
    why: str,
) -> Drafted:
    return Drafted(
        "actors",
        {
            "id": key,
            "kind": kind,
            "name": {"fr": fr, "en": en or TO_TRANSLATE + fr},
            "aliases": [f for f in forms if f != fr],
            "country": country,
            "wikidata": None,
            "roles": [],
            "evidence": evidence,
        },
        confidence,
        why,
        (fr, en, *forms) if en else (fr, *forms),
    )


def _clean_name(entity_text: str) -> str | None:
    words = entity_text.replace("\n", " ").split()
    # « ministre du Commerce Ömer Bolat » is often tagged with the portfolio in the name.
    while words and plain(words[0]) in PORTFOLIO_WORDS:
        words.pop(0)
    while words and not NAME_WORD.match(words[-1]):
        words.pop()
    if len(words) < 2 or not all(NAME_WORD.match(w) for w in words):
        return None
    if not words[0][0].isupper() or not words[-1][0].isupper():
        return None
    return " ".join(words)


def find_people(article: Article) -> list[Drafted]:
    text = article.text
    excluded = {plain(r) for r in REGIONS}
    for country in countries().values():
        excluded.update(plain(n) for n in (*country.names, *country.capital_fr))
    # Full names first; a lone first or last name is the same person named again.
    spans: dict[str, list[tuple[int, int]]] = {}
    singles: list[tuple[str, int, int]] = []
    tagged = [(e.label, e.start, e.end, e.text) for e in article.entities]
    # A name right after a title is a person even where the model tags it otherwise.
    tagged += [("PER", start, end, name) for start, end, name in titled_names(text)]
    for label, entity_start, entity_end, entity_text in tagged:
        if article.taken(entity_start, entity_end):
            continue
        word = entity_text.strip()
        if label != "PER":
            if re.fullmatch(r"[A-ZÀ-Ý][\w’'-]+", word):
                singles.append((word, entity_start, entity_start + len(word)))
            continue
        name = _clean_name(entity_text)
        if name is None:
            if re.fullmatch(r"[A-ZÀ-Ý][\w’'-]+", word):
                singles.append((word, entity_start, entity_start + len(word)))
            continue
        if plain(name) in excluded:
            continue
        at = text.find(name, entity_start, entity_end + 1)
        if (at, at + len(name)) not in spans.get(name, []):
            spans.setdefault(name, []).append((at, at + len(name)))
    for word, start, end in singles:
        owners = [n for n in spans if word in n.split()]
        if len(owners) == 1 and not any(s <= start < e for s, e in spans[owners[0]]):
            # « Murat » tagged alone where « Murat Nurtleu » is written: take the full name.
            full = owners[0]
            at = text.find(full, start)
            spans[full].append((start, at + len(full)) if at == start else (start, end))
    country_names = {
        name: country.code for country in countries().values() for name in country.names
    }
    people: list[Drafted] = []
    for name, found in spans.items():
        found.sort()
        key = slug(name)
        for start, end in found:
            article.mentions.append(Mention(key, start, end, "person"))
        people.append(_person(article, key, name, found, country_names))
    _counterparts(article, people)
    return people


def _person(
    article: Article,
    key: str,
    name: str,
    found: list[tuple[int, int]],
    country_names: dict[str, str],
) -> Drafted:
    text = article.text
    role: Role | None = None
    evidence_start, evidence_end = found[0]
    country = None
    for start, end in found:
        role = role_before(text, start, country_names) or role_after(text, end, country_names)
        if role is not None:
            evidence_start, evidence_end = (
                (role.start, end) if role.start < start else (start, role.start + len(role.title))
            )
            country = role.country or (
                _subject_country(article, role.start) if role.possessive else None
            )
            break
    for start, _ in found:
        country = country or counterpart_country(text, start)
    evidence: list[QuoteValue] = [article.quote(evidence_start, evidence_end)]
    later = [span for span in found if span[0] > evidence_end]
    if later:
        evidence.append(article.quote(*later[0]))
    roles = []
    if role is not None:
        roles.append(
            {
                "title": {"fr": role.title, "en": role.english or TO_TRANSLATE + role.title},
                "organisation": None,
                "country": country,
            }
        )
    why = "person named by the model" + (" with a title" if role else "")
    return Drafted(
        "actors",
        {
            "id": key,
            "kind": "person",
            "name": {"fr": name, "en": name},
            "aliases": [],
            "country": country,
            "wikidata": None,
            "roles": roles,
            "evidence": evidence,
        },
        0.85 if role else 0.7,
        why,
        (name,),
    )


def _subject_country(article: Article, offset: int) -> str | None:
    """The country named last before ``offset`` in its sentence: « l'Italie, par la voix
    de sa Première ministre »."""
    sentence = article.sentence(offset)
    before = article.mentions_in(sentence.start, offset, {"name", "capital"})
    if not before:
        return None
    key = before[-1].key
    return next((c.code for c in countries().values() if c.slug == key), None)


def _counterparts(article: Article, people: list[Drafted]) -> None:
    """« son homologue kirghize X »: X holds the same title as the person it counters."""
    text = article.text
    titled = [p for p in people if p.fields["roles"]]
    for person in people:
        if person.fields["roles"] or person.fields["country"] is None:
            continue
        for mention in article.mentions:
            if mention.key != person.id:
                continue
            if counterpart_country(text, mention.start) is None:
                continue
            sentence = article.sentence(mention.start)
            others = [
                p
                for p in titled
                if p is not person
                and any(
                    m.key == p.id and sentence.start <= m.start < sentence.end
                    for m in article.mentions
                )
            ]
            source = others[0] if others else (titled[0] if len(titled) == 1 else None)
            if source is None:
                continue
            title = source.fields["roles"][0]["title"]
            person.fields["roles"] = [
                {"title": title, "organisation": None, "country": person.fields["country"]}
            ]
            person.confidence = 0.75
            person.why = "counterpart (« homologue ») of a titled person: same title"
            break
