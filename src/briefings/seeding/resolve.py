"""From validated seed files to rows: quotes become offsets, references are checked."""

import hashlib
import re
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from briefings.catalog import RecordType
from briefings.models import Base, Source
from briefings.resources import ALL
from briefings.seeding.errors import SeedProblem
from briefings.seeding.quotes import QuoteProblem, Span, locate
from briefings.seeding.reader import ParsedSeed
from briefings.seeding.records import build, builders, copy_columns, named
from briefings.seeding.rows import Bundle, RecordRows
from briefings.seeding.schemas import Cited, Quote

# Seed collection -> the resource of its records, in the catalogue's (load) order.
BUILDERS = builders(ALL)
# Seed collection -> record type.
COLLECTIONS: dict[str, str] = {collection: r.type for collection, r in BUILDERS.items()}
# Record type -> model, for the ids a database already holds.
MODELS: dict[str, type[Base]] = {resource.type: resource.model for resource in ALL}
# Record type -> its place in the load order.
LOAD_ORDER: dict[str, int] = {resource.type: k for k, resource in enumerate(ALL)}


def _field_path(field: str | None) -> tuple[str | int, ...]:
    """``evidence[2]`` -> ``("evidence", 2)``, so a problem names the line of the item itself."""
    if field is None:
        return ()
    return tuple(
        int(part[1:-1]) if part.startswith("[") else part
        for part in re.findall(r"[^.\[\]]+|\[\d+\]", field)
    )


Known = Mapping[str, Set[str]]
"""Ids outside the files being resolved (already in the database), by record type."""


@runtime_checkable
class Prefetching(Protocol):
    """A ``Known`` that asks the database: told first of every id the files name."""

    def prefetch(self, wanted: Mapping[str, Iterable[str]]) -> None: ...


def _prefetch(known: Known, parsed_files: list[ParsedSeed], ids: dict[str, set[str]]) -> None:
    if not isinstance(known, Prefetching):
        return
    wanted: dict[str, set[str]] = {}
    for parsed in parsed_files:
        for collection, resource in BUILDERS.items():
            for record in getattr(parsed.seed, collection):
                for record_type, value in named(resource, record):
                    if value not in ids.get(record_type, ()):
                        wanted.setdefault(record_type, set()).add(value)
    known.prefetch(wanted)


@dataclass
class _Context:
    """What one resolution run knows: every id by type, and every source's text."""

    ids: dict[str, set[str]]
    texts: dict[str, str]
    problems: list[SeedProblem]
    known: Known = field(default_factory=dict)

    def has(self, record_type: str, record_id: str) -> bool:
        if record_id in self.ids.get(record_type, ()):
            return True
        return record_id in self.known.get(record_type, ())


class _FileResolver:
    def __init__(self, parsed: ParsedSeed, context: _Context) -> None:
        self.parsed = parsed
        self.context = context
        self.source_id = parsed.seed.source.id
        self.file = parsed.path.name

    def problem(
        self, collection: str, index: int, record_id: str, reason: str, field: str | None = None
    ) -> None:
        self.context.problems.append(
            SeedProblem(
                self.file,
                self.parsed.label(collection, index, record_id),
                reason,
                self.parsed.where(collection, index, *_field_path(field)),
            )
        )

    def span(
        self, collection: str, index: int, record_id: str, field: str, quote: Quote
    ) -> Span | None:
        source_id = quote.source or self.source_id
        text = self.context.texts.get(source_id)
        if text is None:
            self.problem(
                collection, index, record_id, f"{field}: unknown source {source_id!r}", field
            )
            return None
        try:
            return locate(source_id, text, quote.quote, quote.occurrence)
        except QuoteProblem as error:
            self.problem(collection, index, record_id, f"{field}: {error}", field)
            return None

    def refs(
        self,
        collection: str,
        index: int,
        record_id: str,
        field: str,
        record_type: str,
        values: Iterable[str | None],
    ) -> None:
        for value in values:
            if value is not None and not self.context.has(record_type, value):
                self.problem(
                    collection, index, record_id, f"{field}: unknown {record_type} {value!r}", field
                )

    def rows(self) -> list[RecordRows]:
        seed = self.parsed.seed
        out: list[RecordRows] = []
        for collection, resource in BUILDERS.items():
            for index, record in enumerate(getattr(seed, collection)):
                record_id: str = record.id
                rows = build(self, resource, index, record)
                if isinstance(record, Cited):
                    for position, quote in enumerate(record.evidence):
                        span = self.span(
                            collection, index, record_id, f"evidence[{position}]", quote
                        )
                        if span is not None:
                            rows.evidence.append(span)
                out.append(rows)
        return out


def _source_rows(parsed: ParsedSeed, text: str, problems: list[SeedProblem]) -> RecordRows:
    source = parsed.seed.source
    starts: list[tuple[int, dict[str, str] | None]] = []
    for index, section in enumerate(source.sections):
        if section.heading is None or section.title_en is None:
            starts.append((0, None))
            continue
        try:
            span = locate(source.id, text, section.heading, None)
        except QuoteProblem as error:
            line = parsed.lines.line_of(("source", "sections", index))
            problems.append(
                SeedProblem(parsed.path.name, f"source.sections[{index}]", str(error), line)
            )
            continue
        starts.append((span.start, {"fr": section.heading, "en": section.title_en}))
    starts.sort(key=lambda item: item[0])
    sections = [
        {
            "heading": heading,
            "start": start,
            "end": starts[k + 1][0] if k + 1 < len(starts) else len(text),
        }
        for k, (start, heading) in enumerate(starts)
    ]
    return RecordRows(
        RecordType.SOURCE,
        Source,
        {
            **copy_columns(Source.__table__, source, skip=("file", "sections")),
            "text": text,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "sections": sections,
        },
    )


def _read_source_text(parsed: ParsedSeed, problems: list[SeedProblem]) -> str | None:
    if parsed.source_text is not None:
        return parsed.source_text
    path = parsed.path.parent / parsed.seed.source.file
    try:
        # newline="" keeps the bytes as they are: offsets must match the file exactly.
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as error:
        line = parsed.lines.line_of(("source", "file"))
        problems.append(
            SeedProblem(parsed.path.name, "source", f"file: cannot read {path.name}: {error}", line)
        )
        return None


def resolve(
    parsed_files: list[ParsedSeed], known: Known | None = None
) -> tuple[Bundle, list[SeedProblem]]:
    """Checks every quote and reference across all files.

    A reference may also name a record of ``known`` (ids already loaded, by record
    type), so data can be loaded in chunks that build on earlier ones. The bundle is
    only valid when no problem is returned.
    """
    problems: list[SeedProblem] = []
    ids: dict[str, set[str]] = {RecordType.SOURCE: set()}
    texts: dict[str, str] = {}
    sources: list[RecordRows] = []
    for parsed in parsed_files:
        source = parsed.seed.source
        if source.id in ids[RecordType.SOURCE]:
            problems.append(
                SeedProblem(
                    parsed.path.name,
                    f"source (id {source.id!r})",
                    "duplicate id",
                    parsed.lines.line_of(("source", "id")),
                )
            )
            continue
        ids[RecordType.SOURCE].add(source.id)
        text = _read_source_text(parsed, problems)
        if text is not None:
            texts[source.id] = text
            sources.append(_source_rows(parsed, text, problems))
    for parsed in parsed_files:
        for collection, record_type in COLLECTIONS.items():
            seen = ids.setdefault(record_type, set())
            for index, record in enumerate(getattr(parsed.seed, collection)):
                if record.id in seen:
                    problems.append(
                        SeedProblem(
                            parsed.path.name,
                            parsed.label(collection, index, record.id),
                            f"duplicate id: another {record_type} is already called {record.id!r}",
                            parsed.where(collection, index, "id"),
                        )
                    )
                seen.add(record.id)
    for parsed in parsed_files:
        # Records left out for their own problems still exist for those naming them.
        for collection, skipped in parsed.skipped.items():
            ids.setdefault(COLLECTIONS[collection], set()).update(skipped)
    _prefetch(known or {}, parsed_files, ids)
    context = _Context(ids, texts, problems, known or {})
    bundle = Bundle(list(sources))
    for parsed in parsed_files:
        bundle.records.extend(_FileResolver(parsed, context).rows())
    # Load in foreign-key order whatever the file order.
    bundle.records.sort(key=lambda rows: LOAD_ORDER[rows.type])
    return bundle, problems
