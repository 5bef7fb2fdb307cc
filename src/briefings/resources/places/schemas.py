from typing import Literal

from pydantic import BaseModel, Field, model_validator

from briefings.catalog import RecordType
from briefings.schemas import CitedIn, EvidenceSpan, ItemOut, ProjectRef, VisitRef
from briefings.vocab import CountryCode, GeoNamesId, Localized, PlaceKind, WikidataId


class PlaceFields(BaseModel):
    kind: PlaceKind
    name: Localized
    aliases: list[str] = Field(default_factory=list, examples=[["Bichkek", "Bishkek"]])
    country: CountryCode | None = None


class Coordinates(BaseModel):
    latitude: float
    longitude: float


class PlaceIdentifiers(BaseModel):
    """Ids of the same place in shared databases: set only where known for certain, null
    otherwise (never guessed)."""

    wikidata: WikidataId | None = Field(description="Wikidata item id, e.g. Q9361")
    geonames: GeoNamesId | None = Field(description="GeoNames feature id, e.g. 1528675")


class PlaceOut(PlaceFields, ItemOut[Literal[RecordType.PLACE]]):
    """A city, capital, border town or region."""

    coordinates: Coordinates | None = Field(
        description="null where the name is ambiguous; never guessed"
    )
    identifiers: PlaceIdentifiers
    evidence: list[EvidenceSpan]


class PlaceAppearances(BaseModel):
    visits: list[VisitRef]
    projects: list[ProjectRef]


class PlaceDetail(PlaceOut):
    appears_in: PlaceAppearances


class PlaceIn(PlaceFields, CitedIn):
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    # Output as ``identifiers``; only where certain.
    wikidata: WikidataId | None = None
    geonames: GeoNamesId | None = None

    @model_validator(mode="after")
    def _both_coordinates(self) -> "PlaceIn":
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude go together")
        return self
