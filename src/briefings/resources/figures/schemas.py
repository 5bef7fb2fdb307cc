from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, PlainSerializer, WithJsonSchema, model_validator

from briefings.catalog import RecordType
from briefings.schemas import CitedIn, CooperationAreaRef, EvidenceSpan, ItemOut
from briefings.vocab import (
    CountryCode,
    CurrencyCode,
    FigureKind,
    FigureQualifier,
    FigureUnit,
    Localized,
    PeriodKind,
    Slug,
)


def _whole_as_integer(value: float) -> int | float:
    # Stored as a float column; 1700000000 and a rank 3 read back as 1700000000.0 and
    # 3.0, which a client would have to round. Fractions stay as they are.
    return int(value) if value.is_integer() else value


# A JSON number, written as an integer when the value is whole (which "number" admits).
Amount = Annotated[
    float, PlainSerializer(_whole_as_integer, return_type=Any), WithJsonSchema({"type": "number"})
]


class FigureFields(BaseModel):
    metric: Slug = Field(examples=["bilateral-trade"])
    label: Localized
    value: Amount = Field(
        description="in base units: 1,7 milliard de dollars is 1700000000; an integer when whole"
    )
    unit: FigureUnit
    currency: CurrencyCode | None = Field(
        default=None, description="ISO 4217 when unit is currency"
    )
    qualifier: FigureQualifier = "exact"
    period: str | None = Field(
        default=None,
        pattern=r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$",
        description="a year such as 2024; null when open-ended",
    )
    period_kind: PeriodKind
    period_text: Localized | None = None
    kind: FigureKind
    countries: list[CountryCode] = Field(default_factory=list)
    wording: str = Field(min_length=1, description="the source's own words for the number")


class FigureOut(FigureFields, ItemOut[Literal[RecordType.FIGURE]]):
    """A number the source states, normalised to base units."""

    areas: list[CooperationAreaRef]
    evidence: list[EvidenceSpan]


class FigureIn(FigureFields, CitedIn):
    areas: list[Slug] = Field(default_factory=list)
    wording_occurrence: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _currency_matches_unit(self) -> "FigureIn":
        if (self.unit == "currency") != (self.currency is not None):
            raise ValueError("a currency is given exactly when unit is 'currency'")
        if self.period_kind == "year" and self.period is None:
            raise ValueError("period_kind 'year' needs a period such as '2024'")
        return self
