from pydantic import BaseModel, Field

from briefings.schemas import Cited, Ref
from briefings.vocab import CountryCode, Localized, PlaceKind


class Coordinates(BaseModel):
    latitude: float
    longitude: float


class PlaceOut(Cited):
    """A city, capital, border town or region."""

    kind: PlaceKind
    name: Localized
    aliases: list[str] = Field(examples=[["Bichkek", "Bishkek"]])
    country: CountryCode | None
    coordinates: Coordinates | None = Field(
        description="null where the name is ambiguous; never guessed"
    )


class PlaceAppearances(BaseModel):
    visits: list[Ref]
    projects: list[Ref]


class PlaceDetail(PlaceOut):
    appears_in: PlaceAppearances
