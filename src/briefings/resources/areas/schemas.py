from typing import Literal

from pydantic import BaseModel

from briefings.catalog import RecordType
from briefings.schemas import CitedIn, EvidenceSpan, ItemOut, Ref
from briefings.vocab import Localized


class AreaFields(BaseModel):
    name: Localized
    description: Localized


class AreaOut(AreaFields, ItemOut[Literal[RecordType.COOPERATION_AREA]]):
    """A theme of the relationship: trade, energy, water..."""

    evidence: list[EvidenceSpan]


class AreaContents(BaseModel):
    projects: list[Ref]
    statements: list[Ref]
    figures: list[Ref]


class AreaDetail(AreaOut):
    contains: AreaContents


class AreaIn(AreaFields, CitedIn):
    pass
