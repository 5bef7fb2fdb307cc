from typing import get_args

from briefings.catalog import RecordType
from briefings.kit.filters import Filter, date_range, equals, linked
from briefings.kit.paging import SortKey
from briefings.kit.resource import Facet, Link, Resource, SeedInput
from briefings.models import Figure
from briefings.models.links import figure_areas, figure_countries
from briefings.resources.common import q_and_source
from briefings.resources.figures.schemas import FigureIn, FigureOut
from briefings.vocab import FigureKind, FigureUnit


def _period_bounds() -> tuple[Filter, Filter]:
    # A figure's period is a year ("2024"); dates compare by their year, and figures
    # with an open-ended period fall outside any date range.
    return date_range(Figure.period, "figures whose period falls", bound=lambda d: str(d.year))


RESOURCE = Resource(
    schema=FigureOut,
    collection="figures",
    title="Figures",
    model=Figure,
    name=(Figure.label_fr, Figure.label_en),
    links=(
        Link("countries", figure_countries, "country"),
        Link("areas", figure_areas, "area_id", RecordType.COOPERATION_AREA),
    ),
    seed=SeedInput("figures", FigureIn, verbatim=("wording",)),
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
        *q_and_source(Figure, RecordType.FIGURE),
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
        Facet(
            "area", figure_areas.c.area_id, via_link=True, record_type=RecordType.COOPERATION_AREA
        ),
    ),
    example_id="kz-kg-trade-2024",
)
