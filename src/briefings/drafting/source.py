"""The source record: the article's file, language, title and sections (its headings)."""

import datetime as dt
import re

from briefings.drafting.records import untranslated
from briefings.drafting.spans import Sentence, slug
from briefings.seeding.quotes import occurrences

# A line this short that does not end a sentence is a heading.
HEADING_CHARS = 120
TITLE_CHARS = 100


def source_id_for(file_name: str) -> str:
    """``kazakhstan-kyrgyzstan-2025-08-01.fr.txt`` -> ``kazakhstan-kyrgyzstan-2025-08-01``."""
    stem = re.sub(r"(?:\.[a-z]{2})?\.(?:txt|text|md)$", "", file_name, flags=re.IGNORECASE)
    return slug(stem)


def _is_heading(line: str) -> bool:
    line = line.strip()
    return (
        0 < len(line) <= HEADING_CHARS
        and len(line.split()) >= 2
        and not line.endswith((".", "!", "?", ":", ";", ",", "»", "”", '"'))
    )


def headings(text: str) -> list[str]:
    lines = text.split("\n")
    return [
        line.strip()
        for line in lines[1:]
        if _is_heading(line) and len(occurrences(text, line.strip())) == 1
    ]


def title(text: str, first: Sentence) -> str:
    line = text.strip().split("\n")[0].strip()
    if _is_heading(line):
        return line
    words = first.text
    if len(words) <= TITLE_CHARS:
        return words.rstrip(".")
    cut = words[:TITLE_CHARS].rsplit(" ", 1)[0]
    return cut + "…"


def source_record(
    text: str, file_name: str, source_id: str, published: dt.date | None, first: Sentence
) -> dict[str, object]:
    sections: list[dict[str, str | None]] = [{"heading": None, "title_en": None}]
    for heading in headings(text):
        sections.append({"heading": heading, "title_en": untranslated(heading)["en"]})
    return {
        "id": source_id,
        "file": file_name,
        "title": untranslated(title(text, first)),
        "language": "fr",
        "publisher": None,
        "url": None,
        "published_date": published.isoformat() if published else None,
        "sections": sections,
    }
