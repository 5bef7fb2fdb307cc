import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from briefings.catalog import RecordType
from briefings.schemas import ItemOut, RecordIn, Strict
from briefings.vocab import LanguageTag, Localized


class SourceFields(BaseModel):
    title: Localized = Field(description="our editorial title where the source has none")
    language: LanguageTag = Field(examples=["fr"])
    publisher: str | None = None
    url: str | None = None
    published_date: dt.date | None = None


class SectionOut(BaseModel):
    heading: Localized | None = Field(description="null for the lead before the first heading")
    start: int
    end: int


class SourceOut(SourceFields, ItemOut[Literal[RecordType.SOURCE]]):
    """An article or document, verbatim: every evidence span points into `text`."""

    text: str
    length: int = Field(description="length of text in Unicode code points")
    sha256: str = Field(description="SHA-256 of the UTF-8 text")
    sections: list[SectionOut]


class SectionIn(Strict):
    heading: str | None = None
    title_en: str | None = None

    @model_validator(mode="after")
    def _both_or_neither(self) -> "SectionIn":
        if (self.heading is None) != (self.title_en is None):
            raise ValueError("heading and title_en go together")
        return self


class SourceIn(SourceFields, RecordIn):
    """The source of a seed file: its text is the file next to it; offsets and the hash
    are computed from it."""

    file: str = Field(pattern=r"^[^/\\]+$", description="file name inside the seeds folder")
    sections: list[SectionIn] = Field(default_factory=list)
