"""Output shapes shared by every resource: references, evidence, the item base."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from briefings.vocab import Localized


def _only_identity_required(schema: dict[str, Any]) -> None:
    # `fields=` may trim any field but these two, so the published schema must not
    # promise the others on every answer.
    schema["required"] = [name for name in ("id", "type") if name in schema.get("properties", {})]


class ItemOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=_only_identity_required)

    id: str = Field(description="stable, readable slug", examples=["murat-nurtleu"])
    type: str = Field(description="record type", examples=["actor"])
    revision: int = Field(description="data revision at which this record last changed")


class Ref(BaseModel):
    """A reference a frontend can render without a second request."""

    id: str = Field(examples=["murat-nurtleu"])
    type: str = Field(examples=["actor"])
    name: Localized
    href: str = Field(examples=["/v1/actors/murat-nurtleu"])


class EvidenceSpan(BaseModel):
    """Words of a source that support the record: `text == source.text[start:end]`,
    offsets in Unicode code points."""

    source_id: str = Field(examples=["kazakhstan-kyrgyzstan-2025-08-01"])
    start: int
    end: int
    text: str
    href: str = Field(examples=["/v1/sources/kazakhstan-kyrgyzstan-2025-08-01"])


class Cited(ItemOut):
    evidence: list[EvidenceSpan]
