from pydantic import BaseModel

from briefings.schemas import Cited, Ref
from briefings.vocab import Localized


class AreaOut(Cited):
    """A theme of the relationship: trade, energy, water..."""

    name: Localized
    description: Localized


class AreaContents(BaseModel):
    projects: list[Ref]
    statements: list[Ref]
    figures: list[Ref]


class AreaDetail(AreaOut):
    contains: AreaContents
