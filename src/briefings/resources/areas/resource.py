from sqlalchemy import Table, select

from briefings.catalog import RecordType
from briefings.kit.paging import SortKey
from briefings.kit.refs import Batch, ref_list
from briefings.kit.resource import Item, Resource, SeedInput
from briefings.models import CooperationArea
from briefings.models.links import figure_areas, project_areas, statement_areas
from briefings.resources.areas.schemas import AreaDetail, AreaIn, AreaOut
from briefings.resources.common import q_and_source


def _members(batch: Batch, table: Table, record_type: str, area_id: str) -> list[dict[str, object]]:
    ids = batch.session.scalars(
        select(table.c.record_id).where(table.c.area_id == area_id).order_by(table.c.record_id)
    ).all()
    return ref_list(batch.refs(record_type, ids), ids)


def extras(batch: Batch, row: CooperationArea) -> Item:
    return {
        "contains": {
            "projects": _members(batch, project_areas, RecordType.PROJECT, row.id),
            "statements": _members(batch, statement_areas, RecordType.STATEMENT, row.id),
            "figures": _members(batch, figure_areas, RecordType.FIGURE, row.id),
        }
    }


RESOURCE = Resource(
    schema=AreaOut,
    collection="cooperation-areas",
    title="Cooperation areas",
    model=CooperationArea,
    name=(CooperationArea.name_fr, CooperationArea.name_en),
    seed=SeedInput("cooperation_areas", AreaIn),
    item_schema=AreaDetail,
    item_extras=extras,
    filters=q_and_source(CooperationArea, RecordType.COOPERATION_AREA),
    sorts=(SortKey("id", CooperationArea.id), SortKey("name", CooperationArea.name_en)),
    example_id="water",
)
