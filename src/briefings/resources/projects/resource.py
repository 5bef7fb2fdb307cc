from typing import get_args

from briefings.catalog import RecordType
from briefings.kit.filters import equals, linked
from briefings.kit.paging import SortKey
from briefings.kit.resource import Facet, Link, Reference, Resource, SeedInput
from briefings.models import Project
from briefings.models.links import project_areas, project_countries
from briefings.resources.common import q_and_source
from briefings.resources.projects.schemas import ProjectIn, ProjectOut
from briefings.vocab import ProjectKind, ProjectStatus

RESOURCE = Resource(
    schema=ProjectOut,
    collection="projects",
    title="Projects",
    model=Project,
    name=(Project.name_fr, Project.name_en),
    references=(Reference("place", RecordType.PLACE, Project.place_id),),
    links=(
        Link("countries", project_countries, "country"),
        Link("areas", project_areas, "area_id", RecordType.COOPERATION_AREA),
    ),
    seed=SeedInput("projects", ProjectIn),
    filters=(
        linked(
            "country",
            Project.id,
            project_countries,
            "country",
            "Involving this country (ISO code).",
            kind="country",
            example="KZ",
        ),
        linked(
            "area",
            Project.id,
            project_areas,
            "area_id",
            "In this cooperation area (id).",
            example="education",
        ),
        equals("place", Project.place_id, "Located in this place (id).", example="karasu"),
        equals("kind", Project.kind, "Kind of project.", choices=get_args(ProjectKind)),
        equals(
            "status",
            Project.status,
            "Status as the source gives it.",
            choices=get_args(ProjectStatus),
            example="in-progress",
        ),
        *q_and_source(Project, RecordType.PROJECT),
    ),
    sorts=(
        SortKey("id", Project.id),
        SortKey("name", Project.name_en),
        SortKey("status", Project.status),
    ),
    facets=(
        Facet("status", Project.status),
        Facet("kind", Project.kind),
        Facet("country", project_countries.c.country, via_link=True),
        Facet(
            "area", project_areas.c.area_id, via_link=True, record_type=RecordType.COOPERATION_AREA
        ),
    ),
    example_id="karasu-logistics-complex",
)
