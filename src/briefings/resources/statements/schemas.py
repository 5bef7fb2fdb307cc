import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from briefings.catalog import RecordType
from briefings.schemas import CitedIn, EvidenceSpan, ItemOut, Ref
from briefings.vocab import CountryCode, LanguageTag, Localized, Slug, StatementKind


class StatementFields(BaseModel):
    kind: StatementKind
    text: str = Field(min_length=1, description="verbatim words of the source, never altered")
    translation: str = Field(min_length=1, description="our English translation")
    language: LanguageTag = Field(examples=["fr"])
    date: dt.date | None = None
    occasion: Localized | None = None
    countries: list[CountryCode] = Field(default_factory=list)


class StatementOut(StatementFields, ItemOut[Literal[RecordType.STATEMENT]]):
    """Something said, reported, committed to or proposed, in the source's own words."""

    speaker: Ref | None = Field(description="who said it; null for the source's own analysis")
    visit: Ref | None
    reported_by: Ref | None = Field(description="the outlet that reported it, e.g. Eurasianet")
    areas: list[Ref]
    evidence: list[EvidenceSpan]


class StatementIn(StatementFields, CitedIn):
    speaker: Slug | None
    text_occurrence: int | None = Field(default=None, ge=1)
    visit: Slug | None = None
    reported_by: Slug | None = None
    areas: list[Slug] = Field(default_factory=list)

    @model_validator(mode="after")
    def _speaker_unless_assessment(self) -> "StatementIn":
        if self.speaker is None and self.kind != "assessment":
            raise ValueError("only an assessment (the source's own analysis) may have no speaker")
        return self
