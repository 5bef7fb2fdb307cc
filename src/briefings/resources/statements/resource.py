import datetime as dt
from collections.abc import Sequence
from typing import get_args

from briefings.kit.filters import any_of, date_range, equals, linked, localized
from briefings.kit.paging import SortKey
from briefings.kit.refs import Batch
from briefings.kit.resource import Facet, Item, Mention, Resource
from briefings.models import Statement
from briefings.models.links import statement_areas, statement_countries
from briefings.resources.common import q_and_source
from briefings.resources.statements.schemas import StatementOut
from briefings.vocab import StatementKind


def serialize(batch: Batch, rows: Sequence[Statement]) -> list[Item]:
    ids = [row.id for row in rows]
    actors = batch.refs("actor", [r.speaker_id for r in rows] + [r.reported_by_id for r in rows])
    visits = batch.refs("visit", [r.visit_id for r in rows])
    countries = batch.links(statement_countries, "country", ids)
    areas = batch.linked_refs(statement_areas, "area_id", "cooperation-area", ids)
    evidence = batch.evidence("statement", ids)
    return [
        {
            "id": row.id,
            "type": "statement",
            "revision": row.revision,
            "speaker": actors.get(row.speaker_id or ""),
            "kind": row.kind,
            "text": row.text,
            "translation": row.translation,
            "language": row.language,
            "date": row.date.isoformat() if row.date else None,
            "occasion": localized(row.occasion_fr, row.occasion_en),
            "visit": visits.get(row.visit_id or ""),
            "reported_by": actors.get(row.reported_by_id or ""),
            "countries": countries.get(row.id, []),
            "areas": areas.get(row.id, []),
            "evidence": evidence.get(row.id, []),
        }
        for row in rows
    ]


RESOURCE = Resource(
    type="statement",
    collection="statements",
    title="Statements",
    model=Statement,
    schema=StatementOut,
    serialize=serialize,
    filters=(
        equals(
            "speaker", Statement.speaker_id, "Said by this actor (id).", example="murat-nurtleu"
        ),
        any_of(
            "actor",
            "Involving this actor, as speaker or as the outlet reporting it (id).",
            [
                lambda values: Statement.speaker_id.in_(values),
                lambda values: Statement.reported_by_id.in_(values),
            ],
            example="kyrgyzstan",
        ),
        equals(
            "kind",
            Statement.kind,
            "Kind of statement.",
            choices=get_args(StatementKind),
            example="commitment",
        ),
        linked(
            "country",
            Statement.id,
            statement_countries,
            "country",
            "About this country (ISO code).",
            kind="country",
            example="KG",
        ),
        linked(
            "area",
            Statement.id,
            statement_areas,
            "area_id",
            "In this cooperation area (id).",
            example="water",
        ),
        equals("visit", Statement.visit_id, "Made during this visit (id)."),
        equals(
            "reported_by",
            Statement.reported_by_id,
            "Reported by this outlet (id).",
            example="eurasianet",
        ),
        *date_range(Statement.date, "statements dated"),
        *q_and_source(Statement, "statement"),
    ),
    sorts=(
        SortKey("id", Statement.id),
        SortKey("date", Statement.date, missing=dt.date(1, 1, 1)),
        SortKey("kind", Statement.kind),
    ),
    facets=(
        Facet("kind", Statement.kind),
        Facet("speaker", Statement.speaker_id, ref_type="actor"),
        Facet("country", statement_countries.c.country, via_link=True),
        Facet("area", statement_areas.c.area_id, via_link=True, ref_type="cooperation-area"),
    ),
    includes={
        "speaker": "actor",
        "reported_by": "actor",
        "visit": "visit",
        "areas": "cooperation-area",
    },
    mentions=(
        Mention("actor", Statement.speaker_id),
        Mention("actor", Statement.reported_by_id),
        Mention("visit", Statement.visit_id),
        Mention("cooperation-area", statement_areas.c.area_id),
    ),
    example_id="nurtleu-trade-quote",
)
