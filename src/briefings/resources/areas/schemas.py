from typing import Literal

from pydantic import BaseModel

from briefings.catalog import RecordType
from briefings.schemas import CitedIn, EvidenceSpan, FigureRef, ItemOut, ProjectRef, StatementRef
from briefings.vocab import Localized


class AreaFields(BaseModel):
    name: Localized
    description: Localized


class AreaOut(AreaFields, ItemOut[Literal[RecordType.COOPERATION_AREA]]):
    """A theme of the relationship: trade, energy, water..."""

    evidence: list[EvidenceSpan]


class AreaContents(BaseModel):
    projects: list[ProjectRef]
    statements: list[StatementRef]
    figures: list[FigureRef]


class AreaDetail(AreaOut):
    contains: AreaContents


class AreaIn(AreaFields, CitedIn):
    pass
