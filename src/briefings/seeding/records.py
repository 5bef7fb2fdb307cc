"""How each kind of seed record becomes rows: columns, link rows, and the checks of its
references and verbatim words."""

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from briefings.models import (
    Actor,
    Briefing,
    CooperationArea,
    Figure,
    Place,
    Project,
    Statement,
    Visit,
)
from briefings.models import links as link_tables
from briefings.seeding.quotes import Span
from briefings.seeding.rows import RecordRows
from briefings.seeding.schemas import Quote
from briefings.vocab import Localized


class Checker(Protocol):
    """What a builder may ask of the resolution under way."""

    def span(
        self, collection: str, index: int, record_id: str, field: str, quote: Quote
    ) -> Span | None: ...

    def refs(
        self,
        collection: str,
        index: int,
        record_id: str,
        field: str,
        target: str,
        values: Iterable[str | None],
    ) -> None: ...


def text_columns(prefix: str, value: Localized | None) -> dict[str, str | None]:
    return {
        f"{prefix}_fr": None if value is None else value.fr,
        f"{prefix}_en": None if value is None else value.en,
    }


def _positioned(name: str, values: Iterable[str]) -> list[dict[str, Any]]:
    return [{name: value, "position": i} for i, value in enumerate(values)]


def _area(r: Checker, c: str, i: int, a: Any) -> RecordRows:
    return RecordRows(
        "",
        CooperationArea,
        {"id": a.id, **text_columns("name", a.name), **text_columns("description", a.description)},
    )


def _actor(r: Checker, c: str, i: int, a: Any) -> RecordRows:
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
            **text_columns("name", a.name),
            "aliases": list(a.aliases),
            "country": a.country,
            "roles": roles,
        },
    )


def _place(r: Checker, c: str, i: int, p: Any) -> RecordRows:
    return RecordRows(
        "",
        Place,
        {
            "id": p.id,
            "kind": p.kind,
            **text_columns("name", p.name),
            "aliases": list(p.aliases),
            "country": p.country,
            "latitude": p.latitude,
            "longitude": p.longitude,
        },
    )


def _visit(r: Checker, c: str, i: int, v: Any) -> RecordRows:
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
            **text_columns("description", v.description),
            "outcomes": [o.model_dump() for o in v.outcomes],
        },
        {link_tables.visit_counterparts: _positioned("actor_id", v.counterparts)},
    )


def _statement(r: Checker, c: str, i: int, s: Any) -> RecordRows:
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
            **text_columns("occasion", s.occasion),
            "visit_id": s.visit,
            "reported_by_id": s.reported_by,
        },
        {
            link_tables.statement_countries: _positioned("country", s.countries),
            link_tables.statement_areas: _positioned("area_id", s.areas),
        },
    )


def _project(r: Checker, c: str, i: int, p: Any) -> RecordRows:
    r.refs(c, i, p.id, "place", "place", [p.place])
    r.refs(c, i, p.id, "areas", "cooperation-area", p.areas)
    return RecordRows(
        "",
        Project,
        {
            "id": p.id,
            **text_columns("name", p.name),
            "kind": p.kind,
            "status": p.status,
            "place_id": p.place,
            **text_columns("description", p.description),
        },
        {
            link_tables.project_countries: _positioned("country", p.countries),
            link_tables.project_areas: _positioned("area_id", p.areas),
        },
    )


def _figure(r: Checker, c: str, i: int, f: Any) -> RecordRows:
    r.refs(c, i, f.id, "areas", "cooperation-area", f.areas)
    r.span(c, i, f.id, "wording", Quote(quote=f.wording, occurrence=f.wording_occurrence))
    return RecordRows(
        "",
        Figure,
        {
            "id": f.id,
            "metric": f.metric,
            **text_columns("label", f.label),
            "value": f.value,
            "unit": f.unit,
            "currency": f.currency,
            "qualifier": f.qualifier,
            "period": f.period,
            "period_kind": f.period_kind,
            **text_columns("period_text", f.period_text),
            "kind": f.kind,
            "wording": f.wording,
        },
        {
            link_tables.figure_countries: _positioned("country", f.countries),
            link_tables.figure_areas: _positioned("area_id", f.areas),
        },
    )


def _briefing(r: Checker, c: str, i: int, b: Any) -> RecordRows:
    r.refs(c, i, b.id, "areas", "cooperation-area", b.areas)
    r.refs(c, i, b.id, "sources", "source", b.sources)
    return RecordRows(
        "",
        Briefing,
        {
            "id": b.id,
            **text_columns("title", b.title),
            **text_columns("summary", b.summary),
            "date": b.date,
        },
        {
            link_tables.briefing_countries: _positioned("country", b.countries),
            link_tables.briefing_areas: _positioned("area_id", b.areas),
            link_tables.briefing_sources: _positioned("source_id", b.sources),
        },
    )


BUILDERS: dict[str, Callable[[Checker, str, int, Any], RecordRows]] = {
    "cooperation_areas": _area,
    "actors": _actor,
    "places": _place,
    "visits": _visit,
    "statements": _statement,
    "projects": _project,
    "figures": _figure,
    "briefings": _briefing,
}
