import datetime as dt

from pydantic import Field

from briefings.schemas import Cited, Ref
from briefings.vocab import CountryCode, Localized, StatementKind


class StatementOut(Cited):
    """Something said, reported, committed to or proposed, in the source's own words."""

    speaker: Ref | None = Field(description="who said it; null for the source's own analysis")
    kind: StatementKind
    text: str = Field(description="verbatim words of the source, never altered")
    translation: str = Field(description="our English translation")
    language: str = Field(examples=["fr"])
    date: dt.date | None
    occasion: Localized | None
    visit: Ref | None
    reported_by: Ref | None = Field(description="the outlet that reported it, e.g. Eurasianet")
    countries: list[CountryCode]
    areas: list[Ref]
