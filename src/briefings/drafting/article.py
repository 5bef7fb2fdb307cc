"""Reading an article file and refusing what is not one French article, in plain words."""

import re
from pathlib import Path

# One article, not a book: past this the answer is a clear refusal, not a long wait.
MAX_ARTICLE_BYTES = 100_000
# Words so common that any French prose is full of them, and English prose is not.
FRENCH_WORDS = frozenset(
    """le la les de des du et à en un une est sont que qui dans pour sur par au aux avec ce
    cette ces son sa ses leur leurs ont a été entre ne pas plus""".split()  # noqa: SIM905 (a word list)
)
OTHER_WORDS = frozenset(
    """the and of to is are that which in for on with this by was were has have der die das
    und ist nicht mit el los las y que por con para""".split()  # noqa: SIM905 (a word list)
)
# Share of French function words below which a text is not taken for French prose.
FRENCH_SHARE = 0.12
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


class ArticleProblem(ValueError):  # noqa: N818 - a problem with the user's file, not a bug
    """The article cannot be drafted; the message says why, for the user."""


def check_text(text: str) -> str:
    """The text itself, once it is non-empty French prose of reasonable length."""
    if len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
        raise ArticleProblem(
            f"too long: {len(text.encode('utf-8'))} bytes; one article is at most "
            f"{MAX_ARTICLE_BYTES} bytes (split a longer document into its articles)"
        )
    if not text.strip():
        raise ArticleProblem("empty: there is no text to draft from")
    if "\x00" in text:
        raise ArticleProblem("not text: it holds NUL characters (a binary file?)")
    words = [word.lower() for word in WORD.findall(text)]
    french = sum(word in FRENCH_WORDS for word in words)
    other = sum(word in OTHER_WORDS for word in words)
    if not words or french / len(words) < FRENCH_SHARE or other > french:
        raise ArticleProblem("not French: drafting reads French articles only")
    return text


def read_article(path: Path) -> str:
    """The article's text exactly as the seeds will read it (UTF-8, newlines kept)."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ArticleProblem("not a file")
        if size > MAX_ARTICLE_BYTES:
            raise ArticleProblem(
                f"too long: {size} bytes; one article is at most {MAX_ARTICLE_BYTES} bytes "
                "(split a longer document into its articles)"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArticleProblem("no such file") from None
    except OSError as error:
        raise ArticleProblem(f"cannot be read: {error.strerror or error}") from None
    if b"\x00" in data:
        raise ArticleProblem("not text: it holds NUL bytes (a binary file?)")
    try:
        # As the seed loader reads it: offsets must match the file exactly.
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ArticleProblem(
            f"not UTF-8: byte 0x{data[error.start]:02x} at offset {error.start} "
            "(save the article as UTF-8)"
        ) from None
    return check_text(text)
