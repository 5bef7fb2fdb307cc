"""Statements without quotation marks: commitments (« s'engage à »), proposals,
reported speech (« ont discuté de », « a annoncé que ») and positions (« souhaitent »).

The speaker is the actor named before the verb in the same sentence; a sentence with
no such actor is the article's own analysis, which an editor drafts by hand.
"""

import re

from briefings.drafting.areas import areas_in
from briefings.drafting.records import Article, Drafted, untranslated
from briefings.drafting.spans import slug
from briefings.drafting.speakers import country_codes, speakers_in

KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "commitment",
        re.compile(
            r"s[’']engagen?t? à|s[’']est engagée? à|se sont engagée?s à|ont promis de|a promis de",
            re.IGNORECASE,
        ),
    ),
    (
        "proposal",
        re.compile(
            r"\b(?:a|ont)(?:[^\S\n]+\w+)?[^\S\n]+proposé|\bpropose(?:nt)? de", re.IGNORECASE
        ),
    ),
    (
        "reported-speech",
        re.compile(
            r"\b(?:a|ont)(?:[^\S\n]+\w+)?[^\S\n]+(?:annoncé|indiqué|déclaré|affirmé|souligné|"
            r"discuté|évoqué|abordé|examiné|convenu)\b",
            re.IGNORECASE,
        ),
    ),
    ("position", re.compile(r"\bsouhaiten?t\b|\bmisen?t sur\b|\bplaiden?t pour\b", re.IGNORECASE)),
)
CITED = re.compile(r"(?:[Dd][’']après|[Ss]elon)[^\S\n]+")


def find_reported(
    article: Article, actors: list[Drafted], pair: list[str], quoted: list[Drafted]
) -> list[Drafted]:
    drafted: list[Drafted] = []
    media = {a.id for a in actors if a.fields["kind"] == "media"}
    for sentence in article.sentences:
        if any(q.fields["text"] in sentence.text for q in quoted):
            continue
        for kind, pattern in KINDS:
            verb = pattern.search(sentence.text)
            if verb is None:
                continue
            verb_at = sentence.start + verb.start()
            speakers = [
                s
                for s in speakers_in(article, sentence.start, verb_at, actors, pair)
                if s not in media
            ]
            if not speakers:
                continue
            reporter = next(
                (m.key for m in article.mentions_in(sentence.start, verb_at) if m.key in media),
                None,
            )
            words = sentence.text.rstrip(".!?…")
            drafted.append(
                Drafted(
                    "statements",
                    {
                        "id": slug(f"{speakers[0]} {kind} {' '.join(words.split()[:5])}"),
                        "speakers": speakers,
                        "kind": kind,
                        "text": words,
                        "text_occurrence": article.occurrence(
                            sentence.start, sentence.start + len(words)
                        ),
                        "translation": untranslated(words)["en"],
                        "language": "fr",
                        "date": None,
                        "occasion": None,
                        "visit": None,
                        "reported_by": reporter,
                        "countries": country_codes(article, sentence.start, sentence.end),
                        "areas": areas_in(words),
                        "evidence": [article.quote(sentence.start, sentence.start + len(words))],
                    },
                    0.6,
                    f"« {verb[0]} » after an actor: {kind}",
                )
            )
            break
    return drafted
