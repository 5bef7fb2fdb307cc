"""Reading one seed document sent over HTTP: the same checks as a seed file on disk.

A file on disk names its article (``source.file``), read from the seeds folder. A
document sent to the API carries the article inline (``source.text``) or names a source
already stored (``source: <id>``), whose text its quotes are then located in. Either way
the document goes on through ``validate_document`` and ``resolve``, like every seed file.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from briefings.seeding.errors import SeedProblem
from briefings.seeding.reader import LineMap, ParsedSeed, SyntaxProblem, parse_yaml
from briefings.seeding.validation import Validator, validate_document

# ``source.file`` of a document whose article came with it: not a file name a seeds
# folder could hold, so it is never mistaken for one.
INLINE = "(inline)"


@dataclass(frozen=True)
class StoredSource:
    id: str
    title: dict[str, str]
    language: str
    text: str


@dataclass(frozen=True)
class Document:
    """A read document: validated (``parsed``, None when the source itself failed),
    its problems, and the stored source it builds on (not rewritten by the load)."""

    parsed: ParsedSeed | None
    problems: list[SeedProblem]
    stored_source: str | None = None


def parse_body(text: str, media: str) -> tuple[Any, LineMap]:
    """The body's data, and where each part of a YAML body stands (its lines)."""
    if media == "json":
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError as error:
            raise SyntaxProblem("JSON", error.msg, error.lineno, error.colno) from None
        # No line map: composing the YAML node tree of a JSON body cost four times the
        # whole load of it (bench/living.py); a JSON client has the pointer.
        return data, LineMap(None)
    return parse_yaml(text)


def read_document(
    name: str, data: Any, lines: LineMap, find_source: Callable[[str], StoredSource | None]
) -> Document:
    """Validates a document sent to the API; every problem is reported, none raised."""
    if not isinstance(data, dict):
        problem = SeedProblem(name, "document", "a document is a mapping with a 'source' key", 1)
        return Document(None, [problem])
    data = dict(data)
    source = data.get("source")
    stored: str | None = None
    text: str | None = None
    problems: list[SeedProblem] = []
    if isinstance(source, str):
        found = find_source(source)
        if found is None:
            line = lines.line_of(("source",))
            problems.append(SeedProblem(name, "source", f"unknown source {source!r}", line))
            return Document(None, problems)
        stored, text = found.id, found.text
        data["source"] = {
            "id": found.id,
            "title": found.title,
            "language": found.language,
            "file": INLINE,
        }
    elif isinstance(source, dict):
        source = dict(source)
        if "file" in source:
            line = lines.line_of(("source", "file"))
            reason = (
                "a document sent to the API carries its article as `text`, or names a "
                "stored source (`source: <id>`); `file` is for seed files on disk"
            )
            problems.append(SeedProblem(name, "source", reason, line))
            source.pop("file")
        inline = source.pop("text", None)
        if not isinstance(inline, str) or not inline:
            line = lines.line_of(("source",))
            reason = "missing field 'text' (the article, verbatim), or give a stored source's id"
            problems.append(SeedProblem(name, "source", reason, line))
        else:
            text = inline
        source["file"] = INLINE
        data["source"] = source
    validator = Validator(name, lines.line_of)
    found_seed = validate_document(data, validator)
    problems.extend(validator.problems)
    if found_seed.seed is None or text is None:
        return Document(None, problems, stored)
    parsed = ParsedSeed(
        Path(name), found_seed.seed, lines, text, found_seed.positions, found_seed.skipped
    )
    return Document(parsed, problems, stored)
