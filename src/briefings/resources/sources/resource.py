import datetime as dt
from collections.abc import Sequence

from briefings.kit.filters import equals
from briefings.kit.paging import SortKey
from briefings.kit.refs import Batch
from briefings.kit.resource import Facet, Item, Resource
from briefings.models import Source
from briefings.resources.common import q_and_source
from briefings.resources.sources.schemas import SourceOut


def serialize(batch: Batch, rows: Sequence[Source]) -> list[Item]:
    return [
        {
            "id": row.id,
            "type": "source",
            "revision": row.revision,
            "title": {"fr": row.title_fr, "en": row.title_en},
            "language": row.language,
            "text": row.text,
            "length": len(row.text),
            "sha256": row.sha256,
            "publisher": row.publisher,
            "url": row.url,
            "published_date": row.published_date.isoformat() if row.published_date else None,
            "sections": row.sections,
        }
        for row in rows
    ]


q_filter, _ = q_and_source(Source, "source")

RESOURCE = Resource(
    type="source",
    collection="sources",
    title="Sources",
    model=Source,
    schema=SourceOut,
    serialize=serialize,
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
