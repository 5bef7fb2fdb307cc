import datetime as dt
from typing import get_args

from sqlalchemy import select

from briefings.catalog import RecordType
from briefings.kit.filters import any_of, date_range, equals, linked
from briefings.kit.paging import SortKey
from briefings.kit.resource import Facet, Link, Reference, Resource, SeedInput
from briefings.models import Statement
from briefings.models.links import statement_areas, statement_countries, statement_speakers
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
        # The deprecated first speaker; ``speakers`` below lists them all.
        Reference("speaker", RecordType.ACTOR, Statement.speaker_id),
        Reference("visit", RecordType.VISIT, Statement.visit_id),
        Reference("reported_by", RecordType.ACTOR, Statement.reported_by_id),
    ),
    links=(
        Link("speakers", statement_speakers, "actor_id", RecordType.ACTOR),
        Link("countries", statement_countries, "country"),
        Link("areas", statement_areas, "area_id", RecordType.COOPERATION_AREA),
    ),
    # The verbatim text must be the source's words: checked like a quote.
    seed=SeedInput("statements", StatementIn, verbatim=("text",)),
    filters=(
        linked(
            "speaker",
            Statement.id,
            statement_speakers,
            "actor_id",
            "Said by this actor (id), alone or jointly with others.",
            example="murat-nurtleu",
        ),
        any_of(
            "actor",
            "Involving this actor, as one of the speakers or as the outlet reporting it (id).",
            [
                lambda values: Statement.id.in_(
                    select(statement_speakers.c.record_id).where(
                        statement_speakers.c.actor_id.in_(values)
                    )
                ),
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
        # Counts every speaker: a joint statement counts once for each of them.
        Facet(
            "speaker",
            statement_speakers.c.actor_id,
            via_link=True,
            record_type=RecordType.ACTOR,
        ),
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
