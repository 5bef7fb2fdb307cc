"""A source's text cut into blocks and segments, each segment with the records citing it.

Evidence spans overlap and nest (a name inside a quoted sentence), so they cannot each be
one element; the text is cut at every span's start and end instead, and each piece knows
every record whose spans cover it. Blocks follow the source's sections: a heading line,
then one paragraph per line of the text. Offsets are code points, as Python indexes a
``str`` and as the API counts them.
"""

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    text: str
    records: tuple[int, ...]  # indexes into the page's records; () where nothing cites it


@dataclass
class Block:
    tag: str  # "h2" for a section's heading line, "p" for a paragraph
    segments: list[Segment] = field(default_factory=list)
    heading: dict[str, str] | None = None  # the section's heading, in both languages


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    record: int


def spans_of(records: Sequence[Any], source_id: str) -> list[Span]:
    """Every evidence span of these records that points into the source."""
    return [
        Span(evidence["start"], evidence["end"], index)
        for index, item in enumerate(records)
        for evidence in item.get("evidence", [])
        if evidence["source_id"] == source_id
    ]


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line of ``text[start:end]``."""
    found = []
    at = start
    while at < end:
        stop = text.find("\n", at, end)
        stop = end if stop == -1 else stop
        if text[at:stop].strip():
            found.append((at, stop))
        at = stop + 1
    return found


def _cut(text: str, start: int, end: int, spans: Sequence[Span]) -> list[Segment]:
    inside = [span for span in spans if span.start < end and span.end > start]
    cuts = sorted(
        {start, end, *(max(start, min(end, p)) for s in inside for p in (s.start, s.end))}
    )
    segments = []
    for left, right in itertools.pairwise(cuts):
        covering = tuple(sorted({s.record for s in inside if s.start <= left and s.end >= right}))
        segments.append(Segment(left, right, text[left:right], covering))
    return segments


def blocks(text: str, sections: Sequence[Any], spans: Sequence[Span]) -> list[Block]:
    """The text as headings and paragraphs, each cut into segments. A section with a
    heading starts with it on a line of its own (the source's sections say so)."""
    parts = sections or [{"heading": None, "start": 0, "end": len(text)}]
    out: list[Block] = []
    for section in parts:
        lines = _lines(text, section["start"], section["end"])
        for number, (start, end) in enumerate(lines):
            is_heading = number == 0 and section["heading"] is not None
            out.append(
                Block(
                    "h2" if is_heading else "p",
                    _cut(text, start, end, spans),
                    section["heading"] if is_heading else None,
                )
            )
    return out


def covering(spans: Sequence[Span], offset: int) -> list[int]:
    """The records whose spans cover the character at ``offset``, in page order."""
    return sorted({span.record for span in spans if span.start <= offset < span.end})
