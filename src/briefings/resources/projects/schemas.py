from typing import Literal

from pydantic import BaseModel, Field

from briefings.catalog import RecordType
from briefings.schemas import CitedIn, CooperationAreaRef, EvidenceSpan, ItemOut, PlaceRef
from briefings.vocab import CountryCode, Localized, ProjectKind, ProjectStatus, Slug


class ProjectFields(BaseModel):
    name: Localized
    kind: ProjectKind
    status: ProjectStatus
    countries: list[CountryCode] = Field(default_factory=list)
    description: Localized


class ProjectOut(ProjectFields, ItemOut[Literal[RecordType.PROJECT]]):
    """A project, programme or initiative the source names."""

    place: PlaceRef | None
    areas: list[CooperationAreaRef]
    evidence: list[EvidenceSpan]


class ProjectIn(ProjectFields, CitedIn):
    place: Slug | None = None
    areas: list[Slug] = Field(default_factory=list)
