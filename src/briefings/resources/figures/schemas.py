from pydantic import Field

from briefings.schemas import Cited, Ref
from briefings.vocab import (
    CountryCode,
    FigureKind,
    FigureQualifier,
    FigureUnit,
    Localized,
    PeriodKind,
)


class FigureOut(Cited):
    """A number the source states, normalised to base units."""

    metric: str = Field(examples=["bilateral-trade"])
    label: Localized
    value: float = Field(description="in base units: 1,7 milliard de dollars is 1700000000")
    unit: FigureUnit
    currency: str | None = Field(description="ISO 4217 when unit is currency", examples=["USD"])
    qualifier: FigureQualifier
    period: str | None = Field(description="a year such as 2024; null when open-ended")
    period_kind: PeriodKind
    period_text: Localized | None
    kind: FigureKind
    countries: list[CountryCode]
    areas: list[Ref]
    wording: str = Field(description="the source's own words for the number")
