import datetime as dt

from pydantic import BaseModel, Field

from briefings.schemas import ItemOut
from briefings.vocab import Localized


class SectionOut(BaseModel):
    heading: Localized | None = Field(description="null for the lead before the first heading")
    start: int
    end: int


class SourceOut(ItemOut):
    """An article or document, verbatim: every evidence span points into `text`."""

    title: Localized = Field(description="our editorial title where the source has none")
    language: str = Field(examples=["fr"])
    text: str
    length: int = Field(description="length of text in Unicode code points")
    sha256: str = Field(description="SHA-256 of the UTF-8 text")
    publisher: str | None
    url: str | None
    published_date: dt.date | None
    sections: list[SectionOut]
