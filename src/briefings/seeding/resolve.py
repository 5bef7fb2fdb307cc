"""From validated seed files to rows: quotes become offsets, references are checked."""

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Set
from dataclasses import dataclass, field
from typing import Any

from briefings.models import (
    Actor,
    Base,
    Briefing,
    CooperationArea,
    Figure,
    Place,
    Project,
    Source,
    Statement,
    Visit,
)
from briefings.models import links as link_tables
from briefings.seeding.errors import SeedProblem
from briefings.seeding.quotes import QuoteProblem, Span, locate
from briefings.seeding.reader import ParsedSeed
from briefings.seeding.rows import Bundle, RecordRows
from briefings.seeding.schemas import Cited, Quote
from briefings.vocab import Localized

# Seed collection -> record type, in the order foreign keys need them loaded.
COLLECTIONS: dict[str, str] = {
    "cooperation_areas": "cooperation-area",
    "actors": "actor",
    "places": "place",
    "visits": "visit",
    "statements": "statement",
    "projects": "project",
    "figures": "figure",
    "briefings": "briefing",
}


def _text(prefix: str, value: Localized | None) -> dict[str, str | None]:
    return {
        f"{prefix}_fr": None if value is None else value.fr,
        f"{prefix}_en": None if value is None else value.en,
    }


def _positioned(name: str, values: Iterable[str]) -> list[dict[str, Any]]:
    return [{name: value, "position": i} for i, value in enumerate(values)]


def _field_path(field: str | None) -> tuple[str | int, ...]:
    """``evidence[2]`` -> ``("evidence", 2)``, so a problem names the line of the item itself."""
    if field is None:
        return ()
    return tuple(
        int(part[1:-1]) if part.startswith("[") else part
        for part in re.findall(r"[^.\[\]]+|\[\d+\]", field)
    )


# Record type -> model, for the ids a database already holds.
MODELS: dict[str, type[Base]] = {
    "source": Source,
    "cooperation-area": CooperationArea,
    "actor": Actor,
    "place": Place,
    "visit": Visit,
    "statement": Statement,
    "project": Project,
    "figure": Figure,
    "briefing": Briefing,
}

Known = Mapping[str, Set[str]]
"""Ids outside the files being resolved (already in the database), by record type."""


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
                f"{collection}[{index}] (id {record_id!r})",
                reason,
                self.parsed.lines.line_of((collection, index, *_field_path(field))),
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
        target: str,
        values: Iterable[str | None],
    ) -> None:
        for value in values:
            if value is not None and not self.context.has(target, value):
                self.problem(
                    collection, index, record_id, f"{field}: unknown {target} {value!r}", field
                )

    def rows(self) -> list[RecordRows]:
        seed = self.parsed.seed
        out: list[RecordRows] = []
        for collection, record_type in COLLECTIONS.items():
            build = _BUILDERS[collection]
            for index, record in enumerate(getattr(seed, collection)):
                record_id: str = record.id
                rows = build(self, collection, index, record)
                if isinstance(record, Cited):
                    for position, quote in enumerate(record.evidence):
                        span = self.span(
                            collection, index, record_id, f"evidence[{position}]", quote
                        )
                        if span is not None:
                            rows.evidence.append(span)
                rows.type = record_type
                out.append(rows)
        return out


def _area(r: _FileResolver, c: str, i: int, a: Any) -> RecordRows:
    return RecordRows(
        "",
        CooperationArea,
        {"id": a.id, **_text("name", a.name), **_text("description", a.description)},
    )


def _actor(r: _FileResolver, c: str, i: int, a: Any) -> RecordRows:
    r.refs(c, i, a.id, "roles.organisation", "actor", (role.organisation for role in a.roles))
    roles = [
        {
            "title": role.title.model_dump(),
            "organisation": role.organisation,
            "country": role.country,
        }
        for role in a.roles
    ]
    return RecordRows(
        "",
        Actor,
        {
            "id": a.id,
            "kind": a.kind,
            **_text("name", a.name),
            "aliases": list(a.aliases),
            "country": a.country,
            "roles": roles,
        },
    )


def _place(r: _FileResolver, c: str, i: int, p: Any) -> RecordRows:
    return RecordRows(
        "",
        Place,
        {
            "id": p.id,
            "kind": p.kind,
            **_text("name", p.name),
            "aliases": list(p.aliases),
            "country": p.country,
            "latitude": p.latitude,
            "longitude": p.longitude,
        },
    )


def _visit(r: _FileResolver, c: str, i: int, v: Any) -> RecordRows:
    r.refs(c, i, v.id, "visitor", "actor", [v.visitor])
    r.refs(c, i, v.id, "counterparts", "actor", v.counterparts)
    r.refs(c, i, v.id, "place", "place", [v.place])
    return RecordRows(
        "",
        Visit,
        {
            "id": v.id,
            "date": v.date,
            "visitor_id": v.visitor,
            "host_country": v.host_country,
            "place_id": v.place,
            "kind": v.kind,
            **_text("description", v.description),
            "outcomes": [o.model_dump() for o in v.outcomes],
        },
        {link_tables.visit_counterparts: _positioned("actor_id", v.counterparts)},
    )


def _statement(r: _FileResolver, c: str, i: int, s: Any) -> RecordRows:
    r.refs(c, i, s.id, "speaker", "actor", [s.speaker])
    r.refs(c, i, s.id, "reported_by", "actor", [s.reported_by])
    r.refs(c, i, s.id, "visit", "visit", [s.visit])
    r.refs(c, i, s.id, "areas", "cooperation-area", s.areas)
    # The verbatim text must be the source's words: checked like a quote.
    r.span(c, i, s.id, "text", Quote(quote=s.text, occurrence=s.text_occurrence))
    return RecordRows(
        "",
        Statement,
        {
            "id": s.id,
            "speaker_id": s.speaker,
            "kind": s.kind,
            "text": s.text,
            "translation": s.translation,
            "language": s.language,
            "date": s.date,
            **_text("occasion", s.occasion),
            "visit_id": s.visit,
            "reported_by_id": s.reported_by,
        },
        {
            link_tables.statement_countries: _positioned("country", s.countries),
            link_tables.statement_areas: _positioned("area_id", s.areas),
        },
    )


def _project(r: _FileResolver, c: str, i: int, p: Any) -> RecordRows:
    r.refs(c, i, p.id, "place", "place", [p.place])
    r.refs(c, i, p.id, "areas", "cooperation-area", p.areas)
    return RecordRows(
        "",
        Project,
        {
            "id": p.id,
            **_text("name", p.name),
            "kind": p.kind,
            "status": p.status,
            "place_id": p.place,
            **_text("description", p.description),
        },
        {
            link_tables.project_countries: _positioned("country", p.countries),
            link_tables.project_areas: _positioned("area_id", p.areas),
        },
    )


def _figure(r: _FileResolver, c: str, i: int, f: Any) -> RecordRows:
    r.refs(c, i, f.id, "areas", "cooperation-area", f.areas)
    r.span(c, i, f.id, "wording", Quote(quote=f.wording, occurrence=f.wording_occurrence))
    return RecordRows(
        "",
        Figure,
        {
            "id": f.id,
            "metric": f.metric,
            **_text("label", f.label),
            "value": f.value,
            "unit": f.unit,
            "currency": f.currency,
            "qualifier": f.qualifier,
            "period": f.period,
            "period_kind": f.period_kind,
            **_text("period_text", f.period_text),
            "kind": f.kind,
            "wording": f.wording,
        },
        {
            link_tables.figure_countries: _positioned("country", f.countries),
            link_tables.figure_areas: _positioned("area_id", f.areas),
        },
    )


def _briefing(r: _FileResolver, c: str, i: int, b: Any) -> RecordRows:
    r.refs(c, i, b.id, "areas", "cooperation-area", b.areas)
    r.refs(c, i, b.id, "sources", "source", b.sources)
    return RecordRows(
        "",
        Briefing,
        {"id": b.id, **_text("title", b.title), **_text("summary", b.summary), "date": b.date},
        {
            link_tables.briefing_countries: _positioned("country", b.countries),
            link_tables.briefing_areas: _positioned("area_id", b.areas),
            link_tables.briefing_sources: _positioned("source_id", b.sources),
        },
    )


_BUILDERS: dict[str, Callable[[_FileResolver, str, int, Any], RecordRows]] = {
    "cooperation_areas": _area,
    "actors": _actor,
    "places": _place,
    "visits": _visit,
    "statements": _statement,
    "projects": _project,
    "figures": _figure,
    "briefings": _briefing,
}


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
        "source",
        Source,
        {
            "id": source.id,
            **_text("title", source.title),
            "language": source.language,
            "text": text,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "publisher": source.publisher,
            "url": source.url,
            "published_date": source.published_date,
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
    ids: dict[str, set[str]] = {"source": set()}
    texts: dict[str, str] = {}
    sources: list[RecordRows] = []
    for parsed in parsed_files:
        source = parsed.seed.source
        if source.id in ids["source"]:
            problems.append(
                SeedProblem(
                    parsed.path.name,
                    f"source (id {source.id!r})",
                    "duplicate id",
                    parsed.lines.line_of(("source", "id")),
                )
            )
            continue
        ids["source"].add(source.id)
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
                            f"{collection}[{index}] (id {record.id!r})",
                            f"duplicate id: another {record_type} is already called {record.id!r}",
                            parsed.where(collection, index, "id"),
                        )
                    )
                seen.add(record.id)
    context = _Context(ids, texts, problems, known or {})
    bundle = Bundle(list(sources))
    for parsed in parsed_files:
        bundle.records.extend(_FileResolver(parsed, context).rows())
    # Load in foreign-key order whatever the file order.
    order = {"source": -1, **{t: k for k, t in enumerate(COLLECTIONS.values())}}
    bundle.records.sort(key=lambda rows: order[rows.type])
    return bundle, problems
