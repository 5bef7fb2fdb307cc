from typing import get_args

from sqlalchemy import select

from briefings.catalog import RecordType
from briefings.kit.filters import any_of, date_range, equals
from briefings.kit.paging import SortKey
from briefings.kit.refs import Batch, ref_list
from briefings.kit.resource import Facet, Item, Link, Reference, Resource, SeedInput
from briefings.models import Actor, Statement, Visit
from briefings.models.links import visit_counterparts
from briefings.resources.common import q_and_source
from briefings.resources.visits.schemas import VisitDetail, VisitIn, VisitOut
from briefings.vocab import VisitKind


def extras(batch: Batch, row: Visit) -> Item:
    ids = batch.session.scalars(
        select(Statement.id).where(Statement.visit_id == row.id).order_by(Statement.id)
    ).all()
    return {"statements": ref_list(batch.refs(RecordType.STATEMENT, ids), ids)}


RESOURCE = Resource(
    schema=VisitOut,
    collection="visits",
    title="Visits",
    model=Visit,
    name=(Visit.description_fr, Visit.description_en),
    references=(
        Reference("visitor", RecordType.ACTOR, Visit.visitor_id),
        Reference("place", RecordType.PLACE, Visit.place_id),
    ),
    links=(Link("counterparts", visit_counterparts, "actor_id", RecordType.ACTOR),),
    seed=SeedInput("visits", VisitIn),
    item_schema=VisitDetail,
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
        *q_and_source(Visit, RecordType.VISIT),
    ),
    sorts=(SortKey("id", Visit.id), SortKey("date", Visit.date)),
    default_sort="-date",
    facets=(
        Facet("kind", Visit.kind),
        Facet("host_country", Visit.host_country),
        Facet("visitor", Visit.visitor_id, record_type=RecordType.ACTOR),
    ),
    example_id="nurtleu-bishkek-2025-08-01",
)
