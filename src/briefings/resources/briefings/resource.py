from briefings.catalog import RecordType
from briefings.kit.filters import date_range, linked
from briefings.kit.paging import SortKey
from briefings.kit.resource import Facet, Link, Resource, SeedInput
from briefings.models import Briefing
from briefings.models.links import briefing_areas, briefing_countries, briefing_sources
from briefings.resources.briefings.schemas import BriefingIn, BriefingOut
from briefings.resources.common import q_and_source

q_filter, _ = q_and_source(Briefing, RecordType.BRIEFING)

RESOURCE = Resource(
    schema=BriefingOut,
    collection="briefings",
    title="Briefings",
    model=Briefing,
    name=(Briefing.title_fr, Briefing.title_en),
    links=(
        Link("countries", briefing_countries, "country"),
        Link("areas", briefing_areas, "area_id", RecordType.COOPERATION_AREA),
        Link("sources", briefing_sources, "source_id", RecordType.SOURCE),
    ),
    seed=SeedInput("briefings", BriefingIn),
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
        Facet(
            "area", briefing_areas.c.area_id, via_link=True, record_type=RecordType.COOPERATION_AREA
        ),
    ),
    example_id="kazakhstan-kyrgyzstan-nurtleu-visit-2025-08-01",
)
