from collections.abc import Sequence
from typing import get_args

from briefings.kit.filters import Filter, date_range, equals, linked, localized
from briefings.kit.paging import SortKey
from briefings.kit.refs import Batch
from briefings.kit.resource import Facet, Item, Mention, Resource
from briefings.models import Figure
from briefings.models.links import figure_areas, figure_countries
from briefings.resources.common import q_and_source
from briefings.resources.figures.schemas import FigureOut
from briefings.vocab import FigureKind, FigureUnit


def serialize(batch: Batch, rows: Sequence[Figure]) -> list[Item]:
    ids = [row.id for row in rows]
    countries = batch.links(figure_countries, "country", ids)
    areas = batch.linked_refs(figure_areas, "area_id", "cooperation-area", ids)
    evidence = batch.evidence("figure", ids)
    return [
        {
            "id": row.id,
            "type": "figure",
            "revision": row.revision,
            "metric": row.metric,
            "label": {"fr": row.label_fr, "en": row.label_en},
            "value": row.value,
            "unit": row.unit,
            "currency": row.currency,
            "qualifier": row.qualifier,
            "period": row.period,
            "period_kind": row.period_kind,
            "period_text": localized(row.period_text_fr, row.period_text_en),
            "kind": row.kind,
            "countries": countries.get(row.id, []),
            "areas": areas.get(row.id, []),
            "wording": row.wording,
            "evidence": evidence.get(row.id, []),
        }
        for row in rows
    ]


def _period_bounds() -> tuple[Filter, Filter]:
    # A figure's period is a year ("2024"); dates compare by their year, and figures
    # with an open-ended period fall outside any date range.
    return date_range(Figure.period, "figures whose period falls", bound=lambda d: str(d.year))


RESOURCE = Resource(
    type="figure",
    collection="figures",
    title="Figures",
    model=Figure,
    schema=FigureOut,
    serialize=serialize,
    filters=(
        linked(
            "country",
            Figure.id,
            figure_countries,
            "country",
            "About this country (ISO code).",
            kind="country",
            example="KZ",
        ),
        linked(
            "area",
            Figure.id,
            figure_areas,
            "area_id",
            "In this cooperation area (id).",
            example="trade",
        ),
        equals(
            "kind",
            Figure.kind,
            "Actual, target or rank.",
            choices=get_args(FigureKind),
            example="actual",
        ),
        equals("unit", Figure.unit, "Unit of the value.", choices=get_args(FigureUnit)),
        equals("metric", Figure.metric, "What is measured (slug).", example="bilateral-trade"),
        *_period_bounds(),
        *q_and_source(Figure, "figure"),
    ),
    sorts=(
        SortKey("id", Figure.id),
        SortKey("value", Figure.value),
        SortKey("period", Figure.period, missing=""),
    ),
    facets=(
        Facet("kind", Figure.kind),
        Facet("metric", Figure.metric),
        Facet("country", figure_countries.c.country, via_link=True),
        Facet("area", figure_areas.c.area_id, via_link=True, ref_type="cooperation-area"),
    ),
    includes={"areas": "cooperation-area"},
    mentions=(Mention("cooperation-area", figure_areas.c.area_id),),
    example_id="kz-kg-trade-2024",
)
