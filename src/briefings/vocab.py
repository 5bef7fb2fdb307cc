"""The vocabulary shared by the seed files and the API: slugs, codes, kinds, texts.

Both the seed reader and the API schemas build on these types, so a value the seeds
accept is exactly a value the API documents.
"""

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from briefings.iso_codes import COUNTRY_CODES, CURRENCY_CODES

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=120)]

WIKIDATA_PATTERN = r"^Q[1-9][0-9]*$"
WikidataId = Annotated[
    str, StringConstraints(pattern=WIKIDATA_PATTERN, max_length=20), Field(examples=["Q232"])
]
# GeoNames feature ids are numbers, kept as text like any identifier.
GeoNamesId = Annotated[
    str, StringConstraints(pattern=r"^[1-9][0-9]*$", max_length=20), Field(examples=["1528675"])
]


def _country(code: str) -> str:
    if code not in COUNTRY_CODES:
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 country code (or EU)")
    return code


def _currency(code: str) -> str:
    if code not in CURRENCY_CODES:
        raise ValueError(f"{code!r} is not an ISO 4217 currency code")
    return code


CountryCode = Annotated[
    str,
    StringConstraints(min_length=2, max_length=2),
    AfterValidator(_country),
    Field(examples=["KZ"]),
]
CurrencyCode = Annotated[
    str,
    StringConstraints(min_length=3, max_length=3),
    AfterValidator(_currency),
    Field(examples=["USD"]),
]
LanguageTag = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")]

ActorKind = Literal["person", "country", "organisation", "bloc", "media"]
PlaceKind = Literal["city", "capital", "border-town", "region"]
VisitKind = Literal["official", "state", "working", "private"]
StatementKind = Literal[
    "direct-quote", "reported-speech", "commitment", "proposal", "position", "assessment"
]
ProjectKind = Literal["infrastructure", "programme", "initiative", "strategy", "policy"]
ProjectStatus = Literal["proposed", "discussed", "planned", "in-progress", "completed"]
FigureUnit = Literal["currency", "rank", "count", "percent"]
FigureQualifier = Literal["exact", "approximate", "at-most", "at-least"]
FigureKind = Literal["actual", "target", "rank"]
PeriodKind = Literal["year", "open-ended", "as-of"]


class Localized(BaseModel):
    """Human-facing text in the source language and in English (written by us)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fr: str = Field(min_length=1)
    en: str = Field(min_length=1)
