import datetime as dt

from pydantic import Field

from briefings.schemas import Cited, Ref
from briefings.vocab import CountryCode, Localized, VisitKind


class VisitOut(Cited):
    """Someone travelling to meet someone."""

    date: dt.date
    visitor: Ref
    host_country: CountryCode
    place: Ref | None
    kind: VisitKind
    counterparts: list[Ref]
    description: Localized
    outcomes: list[Localized] = Field(description="what the visit was the occasion of")


class VisitDetail(VisitOut):
    statements: list[Ref] = Field(description="statements made during the visit")
