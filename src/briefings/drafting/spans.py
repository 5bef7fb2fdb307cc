"""Places in the text: sentences, paragraphs, and quotes an editor's seed file can cite."""

import re
import unicodedata
from dataclasses import dataclass

from briefings.seeding.quotes import occurrences

APOSTROPHES = "'’"
# A sentence ends at . ! ? … followed by a space and a capital, a quote or a digit, or at
# a line break; abbreviations such as "M." are rare in this genre and cost one split.
SENTENCE_END = re.compile(r"(?<=[.!?…])[\s\u00a0]+(?=[«“\"A-ZÀ-ÖØ-Þ0-9])|\n+")


# A seed file's quote: the words, or the words and which occurrence.
QuoteValue = str | dict[str, object]


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    found: list[Sentence] = []
    at = 0
    for boundary in [*SENTENCE_END.finditer(text), None]:
        stop = len(text) if boundary is None else boundary.start()
        chunk = text[at:stop]
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body:
            found.append(Sentence(at + lead, at + lead + len(body), body))
        if boundary is not None:
            at = boundary.end()
    return _inside_quotes_joined(found, text)


def _inside_quotes_joined(found: list[Sentence], text: str) -> list[Sentence]:
    """A quotation of several sentences stays in one sentence with its attribution."""
    joined: list[Sentence] = []
    for sentence in found:
        last_end = joined[-1].end if joined else 0
        # Within a paragraph only: an unclosed « must not swallow the rest of the text.
        if (
            joined
            and _open_quote(text[joined[-1].start : last_end])
            and ("\n" not in text[last_end : sentence.start])
        ):
            last = joined.pop()
            sentence = Sentence(last.start, sentence.end, text[last.start : sentence.end])
        joined.append(sentence)
    return joined


def _open_quote(chunk: str) -> bool:
    return chunk.count("«") > chunk.count("»") or chunk.count("“") > chunk.count("”")


def sentence_at(found: list[Sentence], offset: int) -> Sentence:
    for sentence in found:
        if sentence.start <= offset < sentence.end:
            return sentence
    return found[-1]


def quote(text: str, start: int, end: int) -> QuoteValue:
    """A seed file's quote for ``text[start:end]``: the words, with ``occurrence`` when
    they occur more than once; widened to the end of the sentence where the words
    overlap an earlier occurrence (the seed loader counts non-overlapping ones)."""
    words = text[start:end]
    starts = occurrences(text, words)
    while start not in starts and end < len(text):
        end += 1
        words = text[start:end]
        starts = occurrences(text, words)
    if len(starts) == 1:
        return words
    return {"quote": words, "occurrence": starts.index(start) + 1}


def plain(value: str) -> str:
    """Lower case without accents or apostrophe variants: how names are compared."""
    decomposed = unicodedata.normalize("NFKD", value.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", plain(value)).strip("-")[:100] or "record"


def word_at(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` as a whole word (letters, digits and hyphens do not continue it)."""
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", flags)
