"""Projects: what is created, built, opened, launched or developed, named by the words
after the verb's noun (« la création d'un complexe industriel logistique frontalier à
Karasu »), with a kind from its head noun and a status from the sentence."""

import re

from briefings.drafting.areas import areas_in
from briefings.drafting.records import Article, Drafted, untranslated
from briefings.drafting.spans import slug
from briefings.drafting.speakers import country_codes

ACTION = re.compile(
    r"(?<![\w])(?P<action>création|construction|ouverture|lancement|modernisation|"
    r"mise en place|réalisation|élargissement|extension|facilitation)"
    r"[^\S\n]+(?:d[’']une?[^\S\n]+|d[’']|de la[^\S\n]+|de l[’']|du[^\S\n]+|des[^\S\n]+)"
    r"(?P<what>[^,.;:()«»]+)",
    re.IGNORECASE,
)
# Where the name of the thing ends and the sentence goes on about it.
TAIL = re.compile(
    r"[^\S\n]+(?:destinée?s?|afin|qui|pour|ainsi que|et du|et de la|et des|et de l)\b.*$",
    re.IGNORECASE,
)
KINDS: tuple[tuple[str, str], ...] = (
    (
        r"complexe|corridor|centrale|route|autoroute|chemin de fer|voie ferrée|ligne|pont|port|"
        r"aéroport|gazoduc|oléoduc|pipeline|barrage|usine|terminal|hub|zone",
        "infrastructure",
    ),
    (r"programme|école|bourse|échange", "programme"),
    (r"stratégie", "strategy"),
    (r"régime|visa|politique|réglementation|accord", "policy"),
)
STATUS: tuple[tuple[str, str], ...] = (
    (r"achevé|inauguré|mis en service|terminé", "completed"),
    (r"en cours|soutient|soutiennent", "in-progress"),
    (r"prévu|prévoit|envisag|devrai", "planned"),
    (r"discuté|évoqué|abordé", "discussed"),
    (r"propos", "proposed"),
)


def find_projects(article: Article, pair_codes: list[str]) -> list[Drafted]:
    text = article.text
    drafted: list[Drafted] = []
    for match in ACTION.finditer(text):
        what = TAIL.sub("", match["what"]).strip()
        if len(what.split()) < 2:
            continue
        start = match.start("what")
        end = start + len(what)
        sentence = article.sentence(match.start())
        kind = next((k for words, k in KINDS if re.search(words, what, re.I)), "initiative")
        status = next((s for words, s in STATUS if re.search(words, sentence.text, re.I)), None)
        place = next((m.key for m in article.mentions_in(start, end, {"place"})), None)
        codes = country_codes(article, sentence.start, sentence.end) or list(pair_codes)
        name = what[0].upper() + what[1:]
        drafted.append(
            Drafted(
                "projects",
                {
                    "id": slug(what),
                    "name": untranslated(name),
                    "kind": kind,
                    "status": status or "discussed",
                    "countries": codes,
                    "description": untranslated(
                        sentence.text if sentence.text.endswith(".") else sentence.text + "."
                    ),
                    "place": place,
                    "areas": areas_in(sentence.text),
                    "evidence": [article.quote(match.start(), end)],
                },
                0.6 if status else 0.4,
                f"« {match['action']} » of a named thing"
                + ("" if status else "; status not said (drafted as discussed)"),
            )
        )
    return drafted
