"""Direct quotes (« », “ ” or ") and their speakers.

The speaker is read from the attribution after the quote (« », a affirmé X ») or before
it (« X a déclaré : « »); « a-t-il ajouté » is the person named last before the quote.
A quotation of a few words inside a sentence (« cœur géopolitique ») is a term, not a
statement, and one with no speaker found is left out rather than guessed.
"""

import re
from dataclasses import dataclass

from briefings.drafting.areas import areas_in
from briefings.drafting.records import Article, Drafted, untranslated
from briefings.drafting.spans import QuoteValue, slug
from briefings.drafting.speakers import country_codes, speakers_in

QUOTED = re.compile(
    r"«[\s\u00a0\u202f]*(?P<a>[^«»]+?)[\s\u00a0\u202f]*»|“(?P<b>[^“”]+)”|\"(?P<c>[^\"\n]+)\""
)
VERBS = (
    r"affirmé|déclaré|souligné|indiqué|estimé|expliqué|ajouté|précisé|assuré|noté|rappelé|"
    r"insisté|martelé|annoncé|dit|lancé|confié|commenté|conclu|réagi|poursuivi|observé|"
    r"relevé|jugé|averti|plaidé|promis|reconnu|répondu|salué|résumé|fait savoir|"
    r"affirme|déclare|souligne|indique|estime|explique|ajoute|précise|assure|note|rappelle"
)
# « », a affirmé X », « », a-t-il ajouté », « », souligne-t-elle »: the pronoun forms
# name no one, so the speaker is the person named last before the quote.
PRONOUN = r"-t-(?:il|elle|on)|-(?:il|elle|ils|elles)"
AFTER = re.compile(
    rf"^[\s\u00a0,.]*(?:(?:a|ont|avait|avaient)(?P<pronoun>{PRONOUN})?[^\S\n]+)?"
    rf"(?P<verb>{VERBS})(?P<pronoun2>{PRONOUN})?",
    re.IGNORECASE,
)
BEFORE = re.compile(
    rf"(?:(?:{VERBS})[^\S\n]*(?:que)?[^\S\n]*:?|selon [^,]+,|:)[\s\u00a0]*$", re.IGNORECASE
)
OCCASION = re.compile(
    r"\blors d[eu’'][^\S\n]*(?:sa |son |ses |la |le |l[’']|une |un )?(?P<what>[^,.;]+)"
)
# Fewer words than this in quotation marks is a term being quoted.
MIN_WORDS = 4


@dataclass(frozen=True)
class Found:
    start: int  # of the quoted words
    end: int
    words: str


def _quotes(text: str) -> list[Found]:
    found = []
    for match in QUOTED.finditer(text):
        group = next(g for g in ("a", "b", "c") if match[g] is not None)
        words = match[group].strip().rstrip(",")
        start = match.start(group) + (len(match[group]) - len(match[group].lstrip()))
        found.append(Found(start, start + len(words), words))
    return found


def find_quotes(
    article: Article, actors: list[Drafted], pair: list[str]
) -> tuple[list[Drafted], list[str]]:
    """The direct quotes, and a note for each quotation left out."""
    text = article.text
    drafted: list[Drafted] = []
    notes: list[str] = []
    for quoted in _quotes(text):
        if len(quoted.words.split()) < MIN_WORDS:
            continue
        sentence = article.sentence(quoted.start)
        closing = text.find("»", quoted.end)
        after_start = quoted.end + 1 if closing == -1 else closing + 1
        after_start = min(after_start, sentence.end)
        attribution = AFTER.match(text[after_start : sentence.end])
        speakers: list[str] = []
        evidence: list[QuoteValue] = [article.quote(quoted.start, quoted.end)]
        occasion = None
        if attribution is not None:
            clause_start = _clause_start(text, after_start, sentence.end)
            if attribution["pronoun"] or attribution["pronoun2"]:
                speakers = _last_person(article, actors, quoted.start)
            else:
                # The one named right after the verb: later names are who was there.
                speakers = speakers_in(article, after_start, sentence.end, actors, pair)[:1]
            if speakers:
                evidence.append(
                    article.quote(clause_start, sentence.end - _final(text, sentence.end))
                )
            found = OCCASION.search(text[after_start : sentence.end])
            if found is not None:
                what = found["what"].strip()
                occasion = untranslated(what[0].upper() + what[1:])
        if not speakers:
            before = text[sentence.start : quoted.start - 1]
            if BEFORE.search(before):
                speakers = speakers_in(article, sentence.start, quoted.start, actors, pair)
        if not speakers:
            notes.append(f"quote without a speaker found, left out: « {quoted.words[:60]} »")
            continue
        drafted.append(
            Drafted(
                "statements",
                {
                    "id": slug(f"{speakers[0]} {' '.join(quoted.words.split()[:4])}"),
                    "speakers": speakers,
                    "kind": "direct-quote",
                    "text": quoted.words,
                    "text_occurrence": article.occurrence(quoted.start, quoted.end),
                    "translation": untranslated(quoted.words)["en"],
                    "language": "fr",
                    "date": None,
                    "occasion": occasion,
                    "visit": None,
                    "reported_by": None,
                    "countries": country_codes(article, sentence.start, sentence.end),
                    "areas": areas_in(quoted.words),
                    "evidence": evidence,
                },
                0.85 if attribution is not None else 0.7,
                "quotation marks with a speech verb naming the speaker",
            )
        )
    return drafted, notes


def _clause_start(text: str, start: int, end: int) -> int:
    while start < end and text[start] in " ,\u00a0\u202f":
        start += 1
    return start


def _final(text: str, end: int) -> int:
    return 1 if end > 0 and text[end - 1] in ".!?" else 0


def _last_person(article: Article, actors: list[Drafted], before: int) -> list[str]:
    people = {a.id for a in actors if a.fields["kind"] == "person"}
    earlier = [m for m in article.mentions_in(0, before, {"person"}) if m.key in people]
    return [earlier[-1].key] if earlier else []
