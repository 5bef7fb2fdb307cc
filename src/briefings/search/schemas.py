"""The /v1/search answer, as documented in OpenAPI."""

from pydantic import BaseModel, Field

from briefings.catalog import RecordType
from briefings.schemas import AnyRef


class SearchHit(BaseModel):
    """One record that matches, whatever its type: ``ref.type`` tells which."""

    type: RecordType = Field(description="the record type, the same as `ref.type`")
    id: str = Field(examples=["bishkek"])
    ref: AnyRef
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
    self: str = Field(examples=["/v1/search?q=energie&limit=20&offset=0"])
    next: str | None = Field(description="the next page, or null on the last one")


class SearchMeta(BaseModel):
    total: int = Field(description="hits across all pages")
    q: str


class SearchPage(BaseModel):
    """A page of hits, best first."""

    data: list[SearchHit]
    links: SearchLinks
    meta: SearchMeta
