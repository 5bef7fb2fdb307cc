"""The /v1/search answer, as documented in OpenAPI."""

from pydantic import BaseModel, Field


class LocalizedName(BaseModel):
    fr: str
    en: str


class Ref(BaseModel):
    id: str = Field(examples=["bishkek"])
    type: str = Field(examples=["place"])
    name: LocalizedName
    href: str = Field(examples=["/v1/places/bishkek"])


class SearchHit(BaseModel):
    type: str = Field(description="the record type", examples=["place"])
    id: str = Field(examples=["bishkek"])
    ref: Ref
    score: float = Field(
        description="relevance, higher is better; comparable within one answer only "
        "(SQLite ranks with bm25, PostgreSQL with ts_rank)",
        examples=[4.318705],
    )
    snippet: str = Field(
        description="about 160 characters of the record's text around the first match, as "
        "HTML: the text is escaped and every matched word is wrapped in <mark>",
        examples=["<mark>Bichkek</mark> · Bishkek"],
    )


class SearchLinks(BaseModel):
    self: str
    next: str | None = Field(description="the next page, or null on the last one")


class SearchMeta(BaseModel):
    total: int = Field(description="hits across all pages")
    q: str


class SearchPage(BaseModel):
    data: list[SearchHit]
    links: SearchLinks
    meta: SearchMeta
