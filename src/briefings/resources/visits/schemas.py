import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from briefings.catalog import RecordType
from briefings.schemas import ActorRef, CitedIn, EvidenceSpan, ItemOut, PlaceRef, StatementRef
from briefings.vocab import CountryCode, Localized, Slug, VisitKind


class VisitFields(BaseModel):
    date: dt.date
    host_country: CountryCode
    kind: VisitKind
    description: Localized
    outcomes: list[Localized] = Field(
        default_factory=list, description="what the visit was the occasion of"
    )


class VisitOut(VisitFields, ItemOut[Literal[RecordType.VISIT]]):
    """Someone travelling to meet someone."""

    visitor: ActorRef
    place: PlaceRef | None
    counterparts: list[ActorRef]
    evidence: list[EvidenceSpan]


class VisitDetail(VisitOut):
    statements: list[StatementRef] = Field(description="statements made during the visit")


class VisitIn(VisitFields, CitedIn):
    visitor: Slug
    place: Slug | None = None
    counterparts: list[Slug] = Field(default_factory=list)
