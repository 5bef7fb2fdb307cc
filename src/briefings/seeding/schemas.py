"""The curated seed file, as an editor writes it: quotes instead of offsets.

A seed file is one source (``SourceIn``) and, for every record type the catalogue seeds,
a list of its input model under the collection its resource declares. The file's model
is built from the registry, so a new record type needs no line here.
"""

from typing import TYPE_CHECKING, Any

from pydantic import Field, create_model

from briefings.resources import ALL
from briefings.resources.sources.schemas import SectionIn, SourceIn
from briefings.schemas import CitedIn as Cited
from briefings.schemas import Quote, QuoteIn, Strict

__all__ = ["Cited", "Quote", "QuoteIn", "SectionIn", "SeedFile", "SourceIn", "Strict"]

if TYPE_CHECKING:

    class SeedFile(Strict):
        source: SourceIn

        # One list per seeded collection (``cooperation_areas``, ``actors``...).
        def __getattr__(self, collection: str) -> list[Any]: ...

else:
    SeedFile = create_model(
        "SeedFile",
        __base__=Strict,
        source=(SourceIn, ...),
        **{
            resource.seed.collection: (list[resource.seed.model], Field(default_factory=list))
            for resource in ALL
            if resource.seed is not None
        },
    )
