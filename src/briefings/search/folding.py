"""Accent and case folding that keeps every character in place.

``fold`` maps each character to exactly one character, so an offset into the folded
text is the same offset into the original: matches found in folded text are marked in
the original text without any position bookkeeping.
"""

import re
import unicodedata

from briefings.kit.params import is_blank

# Typographic apostrophes and quotes become their ASCII forms (French text uses U+2019).
_SUBSTITUTES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'}

MAX_QUERY_LENGTH = 500
# Distinct words a query may hold: each is a prefix term the index expands, so the cost
# of a match grows with their number.
MAX_WORDS = 16

WORD = re.compile(r"[^\W_]+")
"""A searchable word: a run of letters and digits. Underscores and punctuation separate
words, as they do for SQLite's unicode61 tokenizer and PostgreSQL's parser."""


def _fold_char(char: str) -> str:
    if char in _SUBSTITUTES:
        return _SUBSTITUTES[char]
    base = unicodedata.normalize("NFD", char)[0]
    lowered = base.lower()
    # A few lowercase forms are longer than one character (İ -> i + dot): keep the base.
    return lowered if len(lowered) == 1 else base


class _Table(dict[int, str]):
    """A ``str.translate`` table filled on first sight of each character: a million
    documents fold at C speed instead of a Python call per character."""

    def __init__(self, blank: bool) -> None:
        super().__init__()
        self.blank = blank

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        value = " " if self.blank and not folded.isalnum() else folded
        self[code] = value
        return value


_FOLD = _Table(blank=False)
_SEARCHABLE = _Table(blank=True)


def fold(text: str) -> str:
    """Lowercases and strips accents one character at a time: ``len(fold(s)) == len(s)``."""
    return text.translate(_FOLD)


def searchable(text: str) -> str:
    """The folded text with everything but letters and digits blanked, still the same length.

    This is what both databases index: with punctuation already gone, SQLite's tokenizer
    and PostgreSQL's parser split it into the same words, so both backends match alike.
    """
    return text.translate(_SEARCHABLE)


def query_tokens(text: str) -> list[str]:
    """The words of a user's query, folded like the indexed text."""
    return WORD.findall(fold(unicodedata.normalize("NFC", text)))


def words(q: str) -> str:
    """``q`` in one canonical form, its folded words sorted and each once (``b a a`` and
    ``A b`` are both ``a b``): every spelling of one question shares its cached counts,
    plans and answers. Raises ValueError for a blank, too long or too wordy ``q``; a
    ``q`` of punctuation only (``"*"``) has no words: ``""``, which matches nothing."""
    if len(q) > MAX_QUERY_LENGTH:
        raise ValueError(f"at most {MAX_QUERY_LENGTH} characters, got {len(q)}")
    if q and is_blank(q):
        # An empty ``q`` is the parameter parser's to refuse, as for every parameter.
        raise ValueError("blank; give at least one word")
    tokens = sorted(set(query_tokens(q)))
    if len(tokens) > MAX_WORDS:
        raise ValueError(f"at most {MAX_WORDS} different words, got {len(tokens)}")
    return " ".join(tokens)
