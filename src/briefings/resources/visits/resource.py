from collections.abc import Sequence
from typing import get_args

from sqlalchemy import select

from briefings.kit.filters import any_of, date_range, equals
from briefings.kit.paging import SortKey
from briefings.kit.refs import Batch, ref_list
from briefings.kit.resource import Facet, Item, Mention, Resource
from briefings.models import Actor, Statement, Visit
from briefings.models.links import visit_counterparts
from briefings.resources.common import q_and_source
from briefings.resources.visits.schemas import VisitDetail, VisitOut
from briefings.vocab import VisitKind


def serialize(batch: Batch, rows: Sequence[Visit]) -> list[Item]:
    ids = [row.id for row in rows]
    counterpart_ids = batch.links(visit_counterparts, "actor_id", ids)
    actors = batch.refs(
        "actor", [r.visitor_id for r in rows] + [a for v in counterpart_ids.values() for a in v]
    )
    places = batch.refs("place", [r.place_id for r in rows])
    evidence = batch.evidence("visit", ids)
    return [
        {
            "id": row.id,
            "type": "visit",
            "revision": row.revision,
            "date": row.date.isoformat(),
            "visitor": actors.get(row.visitor_id),
            "host_country": row.host_country,
            "place": places.get(row.place_id or ""),
            "kind": row.kind,
            "counterparts": ref_list(actors, counterpart_ids.get(row.id, [])),
            "description": {"fr": row.description_fr, "en": row.description_en},
            "outcomes": row.outcomes,
            "evidence": evidence.get(row.id, []),
        }
        for row in rows
    ]


def extras(batch: Batch, row: Visit) -> Item:
    ids = batch.session.scalars(
        select(Statement.id).where(Statement.visit_id == row.id).order_by(Statement.id)
    ).all()
    return {"statements": ref_list(batch.refs("statement", ids), ids)}


RESOURCE = Resource(
    type="visit",
    collection="visits",
    title="Visits",
    model=Visit,
    schema=VisitOut,
    item_schema=VisitDetail,
    serialize=serialize,
    item_extras=extras,
    filters=(
        any_of(
            "country",
            "Involving this country, as host or as the visitor's country (ISO code).",
            [
                lambda values: Visit.host_country.in_(values),
                lambda values: Visit.visitor_id.in_(
                    select(Actor.id).where(Actor.country.in_(values))
                ),
            ],
            kind="country",
            example="KG",
        ),
        equals(
            "host_country",
            Visit.host_country,
            "Hosted by this country (ISO code).",
            kind="country",
            example="KG",
        ),
        any_of(
            "actor",
            "With this actor as visitor or counterpart (id).",
            [
                lambda values: Visit.visitor_id.in_(values),
                lambda values: Visit.id.in_(
                    select(visit_counterparts.c.record_id).where(
                        visit_counterparts.c.actor_id.in_(values)
                    )
                ),
            ],
            example="murat-nurtleu",
        ),
        equals("place", Visit.place_id, "Held in this place (id).", example="bishkek"),
        equals(
            "kind", Visit.kind, "Kind of visit.", choices=get_args(VisitKind), example="official"
        ),
        *date_range(Visit.date, "visits"),
        *q_and_source(Visit, "visit"),
    ),
    sorts=(SortKey("id", Visit.id), SortKey("date", Visit.date)),
    default_sort="-date",
    facets=(
        Facet("kind", Visit.kind),
        Facet("host_country", Visit.host_country),
        Facet("visitor", Visit.visitor_id, ref_type="actor"),
    ),
    includes={"visitor": "actor", "counterparts": "actor", "place": "place"},
    mentions=(
        Mention("actor", Visit.visitor_id),
        Mention("actor", visit_counterparts.c.actor_id),
        Mention("place", Visit.place_id),
    ),
    example_id="nurtleu-bishkek-2025-08-01",
)
