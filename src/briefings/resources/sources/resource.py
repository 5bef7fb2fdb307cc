import datetime as dt
from collections.abc import Sequence
from typing import Any

from briefings.catalog import RecordType
from briefings.kit.filters import equals
from briefings.kit.paging import SortKey
from briefings.kit.refs import Batch
from briefings.kit.resource import Facet, Item, Resource
from briefings.models import Source
from briefings.resources.common import q_and_source
from briefings.resources.sources.schemas import SourceOut


def length(_batch: Batch, rows: Sequence[Any]) -> list[Item]:
    return [{"length": len(row.text)} for row in rows]


q_filter, _ = q_and_source(Source, RecordType.SOURCE)

# A source is the seed file's own head (``SourceIn``), not one of its collections: the
# seed load builds it from the file it names.
RESOURCE = Resource(
    schema=SourceOut,
    collection="sources",
    title="Sources",
    model=Source,
    name=(Source.title_fr, Source.title_en),
    extend=length,
    filters=(
        equals(
            "language",
            Source.language,
            "Written in this language (BCP 47).",
            kind="slug",
            example="fr",
        ),
        q_filter,
    ),
    sorts=(
        SortKey("id", Source.id),
        SortKey("published_date", Source.published_date, missing=dt.date(1, 1, 1)),
    ),
    facets=(Facet("language", Source.language),),
    example_id="kazakhstan-kyrgyzstan-2025-08-01",
)
