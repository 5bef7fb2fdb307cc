"""Assembling a source text sentence by sentence, and quoting it back exactly."""

import unicodedata
from typing import Any

from briefings.seeding.quotes import occurrences


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in ascii_text.lower()).split()
    return "-".join(words)


class TextBuilder:
    """Appends pieces and remembers where each starts, so a quote can name its occurrence."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0

    def add(self, piece: str) -> int:
        start = self._length
        self._parts.append(piece)
        self._length += len(piece)
        return start

    def sentence(self, sentence: str) -> int:
        """Adds a sentence after a space (or at the start of a paragraph)."""
        if self._parts and not self._parts[-1].endswith("\n"):
            self.add(" ")
        return self.add(sentence)

    def paragraph(self) -> None:
        if self._parts:
            self.add("\n\n")

    def text(self) -> str:
        return "".join(self._parts)


def occurrence_at(text: str, quote: str, start: int) -> int | None:
    """The ``occurrence`` a quote at ``start`` needs: None when it is the only one."""
    starts = occurrences(text, quote)
    if len(starts) <= 1:
        return None
    if start in starts:
        return starts.index(start) + 1
    # Overlapping repeats: the nearest non-overlapping occurrence has the same words.
    return max(1, sum(1 for at in starts if at <= start))


def quote_at(text: str, quote: str, start: int) -> Any:
    """A seed quote: the bare string, or ``{quote, occurrence}`` when it repeats."""
    occurrence = occurrence_at(text, quote, start)
    return quote if occurrence is None else {"quote": quote, "occurrence": occurrence}
