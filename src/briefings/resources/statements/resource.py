import datetime as dt
from typing import get_args

from briefings.catalog import RecordType
from briefings.kit.filters import any_of, date_range, equals, linked
from briefings.kit.paging import SortKey
from briefings.kit.resource import Facet, Link, Reference, Resource, SeedInput
from briefings.models import Statement
from briefings.models.links import statement_areas, statement_countries
from briefings.resources.common import q_and_source
from briefings.resources.statements.schemas import StatementIn, StatementOut
from briefings.vocab import StatementKind

RESOURCE = Resource(
    schema=StatementOut,
    collection="statements",
    title="Statements",
    model=Statement,
    # A statement is named by its own words and their translation.
    name=(Statement.text, Statement.translation),
    references=(
        Reference("speaker", RecordType.ACTOR, Statement.speaker_id),
        Reference("visit", RecordType.VISIT, Statement.visit_id),
        Reference("reported_by", RecordType.ACTOR, Statement.reported_by_id),
    ),
    links=(
        Link("countries", statement_countries, "country"),
        Link("areas", statement_areas, "area_id", RecordType.COOPERATION_AREA),
    ),
    # The verbatim text must be the source's words: checked like a quote.
    seed=SeedInput("statements", StatementIn, verbatim=("text",)),
    filters=(
        equals(
            "speaker", Statement.speaker_id, "Said by this actor (id).", example="murat-nurtleu"
        ),
        any_of(
            "actor",
            "Involving this actor, as speaker or as the outlet reporting it (id).",
            [
                lambda values: Statement.speaker_id.in_(values),
                lambda values: Statement.reported_by_id.in_(values),
            ],
            example="kyrgyzstan",
        ),
        equals(
            "kind",
            Statement.kind,
            "Kind of statement.",
            choices=get_args(StatementKind),
            example="commitment",
        ),
        linked(
            "country",
            Statement.id,
            statement_countries,
            "country",
            "About this country (ISO code).",
            kind="country",
            example="KG",
        ),
        linked(
            "area",
            Statement.id,
            statement_areas,
            "area_id",
            "In this cooperation area (id).",
            example="water",
        ),
        equals("visit", Statement.visit_id, "Made during this visit (id)."),
        equals(
            "reported_by",
            Statement.reported_by_id,
            "Reported by this outlet (id).",
            example="eurasianet",
        ),
        *date_range(Statement.date, "statements dated"),
        *q_and_source(Statement, RecordType.STATEMENT),
    ),
    sorts=(
        SortKey("id", Statement.id),
        SortKey("date", Statement.date, missing=dt.date(1, 1, 1)),
        SortKey("kind", Statement.kind),
    ),
    facets=(
        Facet("kind", Statement.kind),
        Facet("speaker", Statement.speaker_id, record_type=RecordType.ACTOR),
        Facet("country", statement_countries.c.country, via_link=True),
        Facet(
            "area",
            statement_areas.c.area_id,
            via_link=True,
            record_type=RecordType.COOPERATION_AREA,
        ),
    ),
    example_id="nurtleu-trade-quote",
)
