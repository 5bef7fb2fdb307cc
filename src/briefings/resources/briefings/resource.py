from collections.abc import Sequence

from briefings.kit.filters import date_range, linked
from briefings.kit.paging import SortKey
from briefings.kit.refs import Batch
from briefings.kit.resource import Facet, Item, Mention, Resource
from briefings.models import Briefing
from briefings.models.links import briefing_areas, briefing_countries, briefing_sources
from briefings.resources.briefings.schemas import BriefingOut
from briefings.resources.common import q_and_source


def serialize(batch: Batch, rows: Sequence[Briefing]) -> list[Item]:
    ids = [row.id for row in rows]
    countries = batch.links(briefing_countries, "country", ids)
    areas = batch.linked_refs(briefing_areas, "area_id", "cooperation-area", ids)
    sources = batch.linked_refs(briefing_sources, "source_id", "source", ids)
    return [
        {
            "id": row.id,
            "type": "briefing",
            "revision": row.revision,
            "title": {"fr": row.title_fr, "en": row.title_en},
            "summary": {"fr": row.summary_fr, "en": row.summary_en},
            "date": row.date.isoformat(),
            "countries": countries.get(row.id, []),
            "areas": areas.get(row.id, []),
            "sources": sources.get(row.id, []),
        }
        for row in rows
    ]


q_filter, _ = q_and_source(Briefing, "briefing")

RESOURCE = Resource(
    type="briefing",
    collection="briefings",
    title="Briefings",
    model=Briefing,
    schema=BriefingOut,
    serialize=serialize,
    filters=(
        linked(
            "country",
            Briefing.id,
            briefing_countries,
            "country",
            "About this country (ISO code).",
            kind="country",
            example="KG",
        ),
        linked(
            "area",
            Briefing.id,
            briefing_areas,
            "area_id",
            "Covering this cooperation area (id).",
            example="energy",
        ),
        linked("source", Briefing.id, briefing_sources, "source_id", "Digesting this source (id)."),
        *date_range(Briefing.date, "briefings dated"),
        q_filter,
    ),
    sorts=(SortKey("id", Briefing.id), SortKey("date", Briefing.date)),
    default_sort="-date",
    facets=(
        Facet("country", briefing_countries.c.country, via_link=True),
        Facet("area", briefing_areas.c.area_id, via_link=True, ref_type="cooperation-area"),
    ),
    includes={"areas": "cooperation-area", "sources": "source"},
    mentions=(
        Mention("cooperation-area", briefing_areas.c.area_id),
        Mention("source", briefing_sources.c.source_id),
    ),
    example_id="kazakhstan-kyrgyzstan-nurtleu-visit-2025-08-01",
)
