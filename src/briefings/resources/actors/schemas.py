from pydantic import BaseModel, Field

from briefings.schemas import Cited, Ref
from briefings.vocab import ActorKind, CountryCode, Localized


class RoleOut(BaseModel):
    title: Localized
    organisation: Ref | None
    country: CountryCode | None


class ActorOut(Cited):
    """A person, country, organisation, bloc or media outlet."""

    kind: ActorKind
    name: Localized
    aliases: list[str]
    country: CountryCode | None
    roles: list[RoleOut]


class ActorAppearances(BaseModel):
    visits: list[Ref] = Field(description="as visitor or counterpart")
    statements: list[Ref] = Field(description="as speaker")
    reported: list[Ref] = Field(description="statements this outlet reported")


class ActorDetail(ActorOut):
    appears_in: ActorAppearances
