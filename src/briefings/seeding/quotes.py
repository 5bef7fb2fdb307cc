"""Turning an editor's quote into offsets of the source text."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    source_id: str
    start: int
    end: int
    text: str


class QuoteProblem(ValueError):  # noqa: N818 - a problem in the seeds, not a program error
    pass


def occurrences(text: str, quote: str) -> list[int]:
    """Starts of the non-overlapping occurrences of ``quote``, left to right."""
    starts: list[int] = []
    at = text.find(quote)
    while at != -1:
        starts.append(at)
        at = text.find(quote, at + len(quote))
    return starts


def locate(source_id: str, text: str, quote: str, occurrence: int | None) -> Span:
    """Offsets are Python string indices, i.e. Unicode code points, as DATA.md asks."""
    starts = occurrences(text, quote)
    short = quote if len(quote) <= 60 else quote[:57] + "..."
    if not starts:
        raise QuoteProblem(f"quote {short!r} is not in source {source_id!r}")
    if occurrence is None:
        if len(starts) > 1:
            raise QuoteProblem(
                f"quote {short!r} occurs {len(starts)} times in source {source_id!r}; "
                "say which with occurrence: N"
            )
        occurrence = 1
    if occurrence > len(starts):
        raise QuoteProblem(
            f"quote {short!r} occurs {len(starts)} times in source {source_id!r}, not {occurrence}"
        )
    start = starts[occurrence - 1]
    return Span(source_id, start, start + len(quote), quote)
