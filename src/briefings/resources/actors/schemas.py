from typing import Literal

from pydantic import BaseModel, Field

from briefings.catalog import RecordType
from briefings.schemas import (
    ActorRef,
    CitedIn,
    EvidenceSpan,
    ItemOut,
    StatementRef,
    Strict,
    VisitRef,
)
from briefings.vocab import ActorKind, CountryCode, Localized, Slug, WikidataId


class ActorFields(BaseModel):
    kind: ActorKind
    name: Localized
    aliases: list[str] = Field(default_factory=list)
    country: CountryCode | None = None


class RoleOut(BaseModel):
    title: Localized
    organisation: ActorRef | None
    country: CountryCode | None


class ActorIdentifiers(BaseModel):
    """Ids of the same thing in shared databases: set only where known for certain, null
    otherwise (never guessed)."""

    wikidata: WikidataId | None = Field(description="Wikidata item id, e.g. Q232")


class ActorOut(ActorFields, ItemOut[Literal[RecordType.ACTOR]]):
    """A person, country, organisation, bloc or media outlet."""

    roles: list[RoleOut]
    identifiers: ActorIdentifiers
    evidence: list[EvidenceSpan]


class ActorAppearances(BaseModel):
    visits: list[VisitRef] = Field(description="as visitor or counterpart")
    statements: list[StatementRef] = Field(description="as one of the speakers")
    reported: list[StatementRef] = Field(description="statements this outlet reported")


class ActorDetail(ActorOut):
    appears_in: ActorAppearances


class RoleIn(Strict):
    title: Localized
    organisation: Slug | None = None
    country: CountryCode | None = None


class ActorIn(ActorFields, CitedIn):
    roles: list[RoleIn] = Field(default_factory=list)
    # Output as ``identifiers.wikidata``; only where certain.
    wikidata: WikidataId | None = None
