"""The change feed's answers and a record's history, as documented in OpenAPI."""

from typing import Any

from pydantic import BaseModel, Field

from briefings.catalog import RecordType


class ChangeOut(BaseModel):
    revision: int = Field(description="the data revision the change committed")
    type: RecordType
    id: str
    operation: str = Field(description="`upsert` (the record as it now is) or `delete`")
    time: str = Field(description="when it committed, UTC, ISO 8601")
    origin: str = Field(
        description="what wrote it: `seed`, `synthetic` (the generator), "
        "`import:<key name>` or `write:<key name>`"
    )
    href: str
    position: str = Field(description="the feed's position after this change (`since=`)")
    body: dict[str, Any] | None = Field(description="the record as listed; null for a delete")


class ChangesLinks(BaseModel):
    self: str
    next: str = Field(description="always present: poll it for what comes next")


class ChangesMeta(BaseModel):
    limit: int
    revision: int
    more: bool = Field(description="whether `next` already holds changes")


class ChangesPage(BaseModel):
    data: list[ChangeOut]
    links: ChangesLinks
    meta: ChangesMeta


class HistoryLinks(BaseModel):
    self: str
    next: str | None = Field(description="the next versions, or null on the last page")


class HistoryMeta(BaseModel):
    limit: int
    revision: int


class HistoryPage(BaseModel):
    """A record's versions, oldest first."""

    data: list[ChangeOut]
    links: HistoryLinks
    meta: HistoryMeta
