import datetime as dt

from briefings.schemas import ItemOut, Ref
from briefings.vocab import CountryCode, Localized


class BriefingOut(ItemOut):
    """The curated digest of one or more sources on one topic."""

    title: Localized
    summary: Localized
    date: dt.date
    countries: list[CountryCode]
    areas: list[Ref]
    sources: list[Ref]
