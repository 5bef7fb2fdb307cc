"""Shapes every record type shares: the output item, references and evidence, and the
bases of the seed input models.

A record type declares its plain fields once, in a fields class that both its output
model and its seed input model take (``resources/<type>/schemas.py``); the classes
here add what is common: identity and evidence on the way out, a slug and quotes on
the way in.
"""

from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from briefings.catalog import RecordType
from briefings.vocab import Localized, Slug

T = TypeVar("T", bound=str)


def _only_identity_required(schema: dict[str, Any]) -> None:
    # `fields=` may trim any field but these two, so the published schema must not
    # promise the others on every answer.
    schema["required"] = [name for name in ("id", "type") if name in schema.get("properties", {})]


class ItemOut(BaseModel, Generic[T]):
    """A record as the API lists it. ``T`` is the type's literal, so each output model
    publishes its ``type`` as a constant: ``ItemOut[Literal[RecordType.ACTOR]]``.

    An output model lists this class after its fields class, which puts the identity
    first, then the plain fields, then what the output model declares itself
    (references, links, and ``evidence`` last)."""

    model_config = ConfigDict(json_schema_extra=_only_identity_required)

    id: str = Field(description="stable, readable slug", examples=["murat-nurtleu"])
    type: T = Field(description="record type")
    revision: int = Field(description="data revision at which this record last changed")


class Ref(BaseModel):
    """A reference a frontend can render without a second request."""

    id: str = Field(examples=["murat-nurtleu"])
    type: RecordType = Field(examples=["actor"])
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


class Strict(BaseModel):
    # A misspelt key must fail loudly: silently ignoring it would lose a fact.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Quote(Strict):
    """Words of the source; ``occurrence`` (1-based) picks one when they occur more than once."""

    quote: str = Field(min_length=1)
    occurrence: int | None = Field(default=None, ge=1)
    source: Slug | None = None


QuoteIn = Annotated[Quote, Field(description="a quote string or {quote, occurrence}")]


def _as_quote(value: object) -> object:
    return {"quote": value} if isinstance(value, str) else value


class RecordIn(Strict):
    """A record of a seed file."""

    id: Slug


class CitedIn(RecordIn):
    """A seed record that quotes its evidence."""

    evidence: list[QuoteIn] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _quotes_from_strings(cls, data: object) -> object:
        if isinstance(data, dict) and isinstance(data.get("evidence"), list):
            data = {**data, "evidence": [_as_quote(item) for item in data["evidence"]]}
        return data
