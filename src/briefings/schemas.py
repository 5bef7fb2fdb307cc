"""Shapes every record type shares: the output item, references and evidence, and the
bases of the seed input models.

A record type declares its plain fields once, in a fields class that both its output
model and its seed input model take (``resources/<type>/schemas.py``); the classes
here add what is common: identity and evidence on the way out, a slug and quotes on
the way in.
"""

from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from briefings.catalog import RecordType
from briefings.vocab import Localized, Slug

T = TypeVar("T", bound=str)


class ItemOut(BaseModel, Generic[T]):
    """A record as the API lists it. ``T`` is the type's literal, so each output model
    publishes its ``type`` as a constant: ``ItemOut[Literal[RecordType.ACTOR]]``.

    An output model lists this class after its fields class, which puts the identity
    first, then the plain fields, then what the output model declares itself
    (references, links, and ``evidence`` last).

    Every field is always in a full record (a missing value is null, an empty list
    ``[]``), so the published schema requires them all, defaults included: generated
    clients then type them as present. The answer to ``fields=`` is the sparse
    exception, documented on that parameter."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    id: str = Field(description="stable, readable slug", examples=["murat-nurtleu"])
    type: T = Field(description="record type")
    revision: int = Field(description="data revision at which this record last changed")


class Ref(BaseModel):
    """A reference a frontend can render without a second request. Fields name one of
    the typed references below, so the document says which type each one points to."""

    id: str = Field(examples=["murat-nurtleu"])
    type: RecordType
    name: Localized
    href: str = Field(examples=["/v1/actors/murat-nurtleu"])


# One class per record type, with ``type`` a constant: a generated client knows that a
# statement's ``speakers`` are actors, and tells the types apart in a mixed list by
# ``type`` (the ``oneOf`` + ``discriminator`` of ``AnyRef``).
class SourceRef(Ref):
    """A reference to a source."""

    type: Literal[RecordType.SOURCE]


class CooperationAreaRef(Ref):
    """A reference to a cooperation area."""

    type: Literal[RecordType.COOPERATION_AREA]


class ActorRef(Ref):
    """A reference to an actor."""

    type: Literal[RecordType.ACTOR]


class PlaceRef(Ref):
    """A reference to a place."""

    type: Literal[RecordType.PLACE]


class VisitRef(Ref):
    """A reference to a visit."""

    type: Literal[RecordType.VISIT]


class StatementRef(Ref):
    """A reference to a statement."""

    type: Literal[RecordType.STATEMENT]


class ProjectRef(Ref):
    """A reference to a project."""

    type: Literal[RecordType.PROJECT]


class FigureRef(Ref):
    """A reference to a figure."""

    type: Literal[RecordType.FIGURE]


class BriefingRef(Ref):
    """A reference to a briefing."""

    type: Literal[RecordType.BRIEFING]


AnyRef = Annotated[
    SourceRef
    | CooperationAreaRef
    | ActorRef
    | PlaceRef
    | VisitRef
    | StatementRef
    | ProjectRef
    | FigureRef
    | BriefingRef,
    Field(discriminator="type"),
]


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
