import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from briefings.catalog import RecordType
from briefings.schemas import ActorRef, CitedIn, CooperationAreaRef, EvidenceSpan, ItemOut, VisitRef
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

    speakers: list[ActorRef] = Field(
        description="who said it, in the source's order: several for a joint statement, "
        "none for the source's own analysis"
    )
    speaker: ActorRef | None = Field(
        description="Deprecated: the first of `speakers`, kept for clients written before "
        "joint statements; read `speakers`",
        json_schema_extra={"deprecated": True},
    )
    visit: VisitRef | None
    reported_by: ActorRef | None = Field(description="the outlet that reported it, e.g. Eurasianet")
    areas: list[CooperationAreaRef]
    evidence: list[EvidenceSpan]


class StatementIn(StatementFields, CitedIn):
    speakers: list[Slug] = Field(description="who said it; [] for the source's own analysis")
    # Not written in seed files any more (they write ``speakers``) but still read: the
    # first speaker, which fills the deprecated ``speaker`` field.
    speaker: Slug | None = None
    text_occurrence: int | None = Field(default=None, ge=1)
    visit: Slug | None = None
    reported_by: Slug | None = None
    areas: list[Slug] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _first_speaker(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        if "speakers" not in data:
            if "speaker" not in data:
                return data  # reported as a missing `speakers`
            # The older single ``speaker`` stands for a list of one (or none).
            one = data["speaker"]
            return {**data, "speakers": [] if one is None else [one]}
        if "speaker" in data:
            raise ValueError("give `speakers` (a list) and not also `speaker`")
        speakers = data["speakers"]
        first = speakers[0] if isinstance(speakers, list) and speakers else None
        return {**data, "speaker": first}

    @model_validator(mode="after")
    def _speaker_unless_assessment(self) -> "StatementIn":
        if len(set(self.speakers)) != len(self.speakers):
            raise ValueError("a speaker is named twice in `speakers`")
        if not self.speakers and self.kind != "assessment":
            raise ValueError("only an assessment (the source's own analysis) may have no speaker")
        return self
