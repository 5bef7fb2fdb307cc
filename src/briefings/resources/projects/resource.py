from collections.abc import Sequence
from typing import get_args

from briefings.kit.filters import equals, linked
from briefings.kit.paging import SortKey
from briefings.kit.refs import Batch
from briefings.kit.resource import Facet, Item, Mention, Resource
from briefings.models import Project
from briefings.models.links import project_areas, project_countries
from briefings.resources.common import q_and_source
from briefings.resources.projects.schemas import ProjectOut
from briefings.vocab import ProjectKind, ProjectStatus


def serialize(batch: Batch, rows: Sequence[Project]) -> list[Item]:
    ids = [row.id for row in rows]
    places = batch.refs("place", [r.place_id for r in rows])
    countries = batch.links(project_countries, "country", ids)
    areas = batch.linked_refs(project_areas, "area_id", "cooperation-area", ids)
    evidence = batch.evidence("project", ids)
    return [
        {
            "id": row.id,
            "type": "project",
            "revision": row.revision,
            "name": {"fr": row.name_fr, "en": row.name_en},
            "kind": row.kind,
            "status": row.status,
            "place": places.get(row.place_id or ""),
            "countries": countries.get(row.id, []),
            "areas": areas.get(row.id, []),
            "description": {"fr": row.description_fr, "en": row.description_en},
            "evidence": evidence.get(row.id, []),
        }
        for row in rows
    ]


RESOURCE = Resource(
    type="project",
    collection="projects",
    title="Projects",
    model=Project,
    schema=ProjectOut,
    serialize=serialize,
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
        *q_and_source(Project, "project"),
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
        Facet("area", project_areas.c.area_id, via_link=True, ref_type="cooperation-area"),
    ),
    includes={"place": "place", "areas": "cooperation-area"},
    mentions=(
        Mention("place", Project.place_id),
        Mention("cooperation-area", project_areas.c.area_id),
    ),
    example_id="karasu-logistics-complex",
)
