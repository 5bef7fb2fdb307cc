"""The curated seed file, as an editor writes it: quotes instead of offsets."""

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from briefings.vocab import (
    ActorKind,
    CountryCode,
    CurrencyCode,
    FigureKind,
    FigureQualifier,
    FigureUnit,
    LanguageTag,
    Localized,
    PeriodKind,
    PlaceKind,
    ProjectKind,
    ProjectStatus,
    Slug,
    StatementKind,
    VisitKind,
)


class Strict(BaseModel):
    # A misspelt key must fail loudly: silently ignoring it would lose a fact.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Quote(Strict):
    """Words of the source; ``occurrence`` (1-based) picks one when they occur more than once."""

    quote: str = Field(min_length=1)
    occurrence: int | None = Field(default=None, ge=1)
    source: Slug | None = None


def _as_quote(value: object) -> object:
    return {"quote": value} if isinstance(value, str) else value


QuoteIn = Annotated[Quote, Field(description="a quote string or {quote, occurrence}")]


class Cited(Strict):
    evidence: list[QuoteIn] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _quotes_from_strings(cls, data: object) -> object:
        if isinstance(data, dict) and isinstance(data.get("evidence"), list):
            data = {**data, "evidence": [_as_quote(item) for item in data["evidence"]]}
        return data


class SectionIn(Strict):
    heading: str | None = None
    title_en: str | None = None

    @model_validator(mode="after")
    def _both_or_neither(self) -> "SectionIn":
        if (self.heading is None) != (self.title_en is None):
            raise ValueError("heading and title_en go together")
        return self


class SourceIn(Strict):
    id: Slug
    file: str = Field(pattern=r"^[^/\\]+$", description="file name inside the seeds folder")
    title: Localized
    language: LanguageTag
    publisher: str | None = None
    url: str | None = None
    published_date: dt.date | None = None
    sections: list[SectionIn] = Field(default_factory=list)


class BriefingIn(Strict):
    id: Slug
    title: Localized
    summary: Localized
    date: dt.date
    countries: list[CountryCode] = Field(default_factory=list)
    areas: list[Slug] = Field(default_factory=list)
    sources: list[Slug] = Field(min_length=1)


class AreaIn(Cited):
    id: Slug
    name: Localized
    description: Localized


class RoleIn(Strict):
    title: Localized
    organisation: Slug | None = None
    country: CountryCode | None = None


class ActorIn(Cited):
    id: Slug
    kind: ActorKind
    name: Localized
    aliases: list[str] = Field(default_factory=list)
    country: CountryCode | None = None
    roles: list[RoleIn] = Field(default_factory=list)


class PlaceIn(Cited):
    id: Slug
    kind: PlaceKind
    name: Localized
    aliases: list[str] = Field(default_factory=list)
    country: CountryCode | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)

    @model_validator(mode="after")
    def _both_coordinates(self) -> "PlaceIn":
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude go together")
        return self


class VisitIn(Cited):
    id: Slug
    date: dt.date
    visitor: Slug
    host_country: CountryCode
    place: Slug | None = None
    kind: VisitKind
    counterparts: list[Slug] = Field(default_factory=list)
    description: Localized
    outcomes: list[Localized] = Field(default_factory=list)


class StatementIn(Cited):
    id: Slug
    speaker: Slug | None
    kind: StatementKind
    text: str = Field(min_length=1, description="verbatim words of the source")
    text_occurrence: int | None = Field(default=None, ge=1)
    translation: str = Field(min_length=1)
    language: LanguageTag
    date: dt.date | None = None
    occasion: Localized | None = None
    visit: Slug | None = None
    reported_by: Slug | None = None
    countries: list[CountryCode] = Field(default_factory=list)
    areas: list[Slug] = Field(default_factory=list)

    @model_validator(mode="after")
    def _speaker_unless_assessment(self) -> "StatementIn":
        if self.speaker is None and self.kind != "assessment":
            raise ValueError("only an assessment (the source's own analysis) may have no speaker")
        return self


class ProjectIn(Cited):
    id: Slug
    name: Localized
    kind: ProjectKind
    status: ProjectStatus
    place: Slug | None = None
    countries: list[CountryCode] = Field(default_factory=list)
    areas: list[Slug] = Field(default_factory=list)
    description: Localized


class FigureIn(Cited):
    id: Slug
    metric: Slug
    label: Localized
    value: float
    unit: FigureUnit
    currency: CurrencyCode | None = None
    qualifier: FigureQualifier = "exact"
    period: str | None = Field(default=None, pattern=r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
    period_kind: PeriodKind
    period_text: Localized | None = None
    kind: FigureKind
    countries: list[CountryCode] = Field(default_factory=list)
    areas: list[Slug] = Field(default_factory=list)
    wording: str = Field(min_length=1, description="verbatim words of the source")
    wording_occurrence: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _currency_matches_unit(self) -> "FigureIn":
        if (self.unit == "currency") != (self.currency is not None):
            raise ValueError("a currency is given exactly when unit is 'currency'")
        if self.period_kind == "year" and self.period is None:
            raise ValueError("period_kind 'year' needs a period such as '2024'")
        return self


class SeedFile(Strict):
    source: SourceIn
    briefings: list[BriefingIn] = Field(default_factory=list)
    cooperation_areas: list[AreaIn] = Field(default_factory=list)
    actors: list[ActorIn] = Field(default_factory=list)
    places: list[PlaceIn] = Field(default_factory=list)
    visits: list[VisitIn] = Field(default_factory=list)
    statements: list[StatementIn] = Field(default_factory=list)
    projects: list[ProjectIn] = Field(default_factory=list)
    figures: list[FigureIn] = Field(default_factory=list)
