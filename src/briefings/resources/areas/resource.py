from collections.abc import Sequence

from sqlalchemy import Table, select

from briefings.kit.paging import SortKey
from briefings.kit.refs import Batch, ref_list
from briefings.kit.resource import Item, Resource
from briefings.models import CooperationArea
from briefings.models.links import figure_areas, project_areas, statement_areas
from briefings.resources.areas.schemas import AreaDetail, AreaOut
from briefings.resources.common import q_and_source


def serialize(batch: Batch, rows: Sequence[CooperationArea]) -> list[Item]:
    evidence = batch.evidence("cooperation-area", [row.id for row in rows])
    return [
        {
            "id": row.id,
            "type": "cooperation-area",
            "revision": row.revision,
            "name": {"fr": row.name_fr, "en": row.name_en},
            "description": {"fr": row.description_fr, "en": row.description_en},
            "evidence": evidence.get(row.id, []),
        }
        for row in rows
    ]


def _members(batch: Batch, table: Table, record_type: str, area_id: str) -> list[dict[str, object]]:
    ids = batch.session.scalars(
        select(table.c.record_id).where(table.c.area_id == area_id).order_by(table.c.record_id)
    ).all()
    return ref_list(batch.refs(record_type, ids), ids)


def extras(batch: Batch, row: CooperationArea) -> Item:
    return {
        "contains": {
            "projects": _members(batch, project_areas, "project", row.id),
            "statements": _members(batch, statement_areas, "statement", row.id),
            "figures": _members(batch, figure_areas, "figure", row.id),
        }
    }


RESOURCE = Resource(
    type="cooperation-area",
    collection="cooperation-areas",
    title="Cooperation areas",
    model=CooperationArea,
    schema=AreaOut,
    item_schema=AreaDetail,
    serialize=serialize,
    item_extras=extras,
    filters=q_and_source(CooperationArea, "cooperation-area"),
    sorts=(SortKey("id", CooperationArea.id), SortKey("name", CooperationArea.name_en)),
    example_id="water",
)
