from collections.abc import Sequence
from typing import Any, get_args

from sqlalchemy import select

from briefings.catalog import RecordType
from briefings.kit.filters import equals
from briefings.kit.paging import SortKey
from briefings.kit.refs import Batch, ref_list
from briefings.kit.resource import Facet, Item, Resource, SeedInput
from briefings.models import Place, Project, Visit
from briefings.resources.common import q_and_source, wikidata_filter
from briefings.resources.places.schemas import PlaceDetail, PlaceIn, PlaceOut
from briefings.vocab import PlaceKind


def coordinates_and_identifiers(_batch: Batch, rows: Sequence[Any]) -> list[Item]:
    return [
        {
            "coordinates": None
            if row.latitude is None or row.longitude is None
            else {"latitude": row.latitude, "longitude": row.longitude},
            "identifiers": {"wikidata": row.wikidata, "geonames": row.geonames},
        }
        for row in rows
    ]


def extras(batch: Batch, row: Place) -> Item:
    session = batch.session
    visit_ids = session.scalars(
        select(Visit.id).where(Visit.place_id == row.id).order_by(Visit.id)
    ).all()
    project_ids = session.scalars(
        select(Project.id).where(Project.place_id == row.id).order_by(Project.id)
    ).all()
    return {
        "appears_in": {
            "visits": ref_list(batch.refs(RecordType.VISIT, visit_ids), visit_ids),
            "projects": ref_list(batch.refs(RecordType.PROJECT, project_ids), project_ids),
        }
    }


RESOURCE = Resource(
    schema=PlaceOut,
    collection="places",
    title="Places",
    model=Place,
    name=(Place.name_fr, Place.name_en),
    extend=coordinates_and_identifiers,
    seed=SeedInput("places", PlaceIn),
    item_schema=PlaceDetail,
    item_extras=extras,
    filters=(
        equals(
            "kind", Place.kind, "Kind of place.", choices=get_args(PlaceKind), example="capital"
        ),
        equals(
            "country", Place.country, "In this country (ISO code).", kind="country", example="KG"
        ),
        wikidata_filter(Place.wikidata),
        *q_and_source(Place, RecordType.PLACE),
    ),
    sorts=(SortKey("id", Place.id), SortKey("name", Place.name_en)),
    facets=(Facet("kind", Place.kind), Facet("country", Place.country)),
    example_id="bishkek",
)
