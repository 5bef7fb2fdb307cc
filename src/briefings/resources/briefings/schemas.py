import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from briefings.catalog import RecordType
from briefings.schemas import CooperationAreaRef, ItemOut, RecordIn, SourceRef
from briefings.vocab import CountryCode, Localized, Slug


class BriefingFields(BaseModel):
    title: Localized
    summary: Localized
    date: dt.date
    countries: list[CountryCode] = Field(default_factory=list)


class BriefingOut(BriefingFields, ItemOut[Literal[RecordType.BRIEFING]]):
    """The curated digest of one or more sources on one topic."""

    areas: list[CooperationAreaRef]
    sources: list[SourceRef]


class BriefingIn(BriefingFields, RecordIn):
    areas: list[Slug] = Field(default_factory=list)
    sources: list[Slug] = Field(min_length=1)
