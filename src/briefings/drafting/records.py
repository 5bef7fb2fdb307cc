"""What every extractor shares: the article read once, and a drafted record."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from briefings.drafting.pipeline import Entity
from briefings.drafting.spans import QuoteValue, Sentence, quote, sentence_at

# Every English text the article does not give starts with this, for the editor to write.
TO_TRANSLATE = "TODO translate: "


def untranslated(french: str) -> dict[str, str]:
    return {"fr": french, "en": TO_TRANSLATE + french}


@dataclass
class Drafted:
    """One record of the draft: its seed fields, how sure the rule was, and why."""

    collection: str
    fields: dict[str, Any]
    confidence: float
    why: str
    names: tuple[str, ...] = ()  # the forms that identify it among existing records

    @property
    def id(self) -> str:
        value: str = self.fields["id"]
        return value


@dataclass(frozen=True)
class Mention:
    """Where a record is named: ``key`` is the record's draft id."""

    key: str
    start: int
    end: int
    how: str  # name, capital, adjective, person, body...


@dataclass
class Article:
    text: str
    sentences: list[Sentence]
    entities: list[Entity]
    published: dt.date | None
    mentions: list[Mention] = field(default_factory=list)

    def sentence(self, offset: int) -> Sentence:
        return sentence_at(self.sentences, offset)

    def quote(self, start: int, end: int) -> QuoteValue:
        return quote(self.text, start, end)

    def occurrence(self, start: int, end: int) -> int | None:
        """Which occurrence ``text[start:end]`` is, where the words repeat (else None)."""
        found = self.quote(start, end)
        return None if isinstance(found, str) else int(str(found["occurrence"]))

    def mentions_in(self, start: int, end: int, how: set[str] | None = None) -> list[Mention]:
        return sorted(
            (
                m
                for m in self.mentions
                if start <= m.start and m.end <= end and (how is None or m.how in how)
            ),
            key=lambda m: m.start,
        )

    def taken(self, start: int, end: int) -> bool:
        return any(m.start < end and start < m.end for m in self.mentions)
