from collections.abc import Sequence
from typing import Any, get_args

from sqlalchemy import or_, select

from briefings.catalog import RecordType
from briefings.kit.filters import equals
from briefings.kit.paging import SortKey
from briefings.kit.refs import Batch, ref_list
from briefings.kit.resource import Facet, Item, Mention, Nested, Resource, SeedInput
from briefings.models import Actor, Statement, Visit
from briefings.models.links import statement_speakers, visit_counterparts
from briefings.resources.actors.schemas import ActorDetail, ActorIn, ActorOut
from briefings.resources.common import q_and_source, wikidata_filter
from briefings.vocab import ActorKind


def roles_and_identifiers(batch: Batch, rows: Sequence[Any]) -> list[Item]:
    """Roles are stored as written, naming their organisation by id: the output names it
    with a reference. Identifiers are columns, grouped in one object."""
    organisations = batch.refs(
        RecordType.ACTOR, [role.get("organisation") for r in rows for role in r.roles]
    )
    return [
        {
            "roles": [
                {**role, "organisation": organisations.get(role.get("organisation") or "")}
                for role in row.roles
            ],
            "identifiers": {"wikidata": row.wikidata},
        }
        for row in rows
    ]


def extras(batch: Batch, row: Actor) -> Item:
    session = batch.session
    visit_ids = session.scalars(
        select(Visit.id)
        .where(
            or_(
                Visit.visitor_id == row.id,
                Visit.id.in_(
                    select(visit_counterparts.c.record_id).where(
                        visit_counterparts.c.actor_id == row.id
                    )
                ),
            )
        )
        .order_by(Visit.id)
    ).all()
    spoken = session.scalars(
        select(statement_speakers.c.record_id)
        .where(statement_speakers.c.actor_id == row.id)
        .order_by(statement_speakers.c.record_id)
    ).all()
    reported = session.scalars(
        select(Statement.id).where(Statement.reported_by_id == row.id).order_by(Statement.id)
    ).all()
    visits = batch.refs(RecordType.VISIT, visit_ids)
    statements = batch.refs(RecordType.STATEMENT, [*spoken, *reported])
    return {
        "appears_in": {
            "visits": ref_list(visits, visit_ids),
            "statements": ref_list(statements, spoken),
            "reported": ref_list(statements, reported),
        }
    }


RESOURCE = Resource(
    schema=ActorOut,
    collection="actors",
    title="Actors",
    model=Actor,
    name=(Actor.name_fr, Actor.name_en),
    extend=roles_and_identifiers,
    seed=SeedInput(
        "actors",
        ActorIn,
        nested=(
            Nested(
                "roles.organisation",
                RecordType.ACTOR,
                lambda actor: (role.organisation for role in actor.roles),
            ),
        ),
    ),
    item_schema=ActorDetail,
    item_extras=extras,
    filters=(
        equals("kind", Actor.kind, "Kind of actor.", choices=get_args(ActorKind), example="person"),
        equals(
            "country", Actor.country, "Of this country (ISO code).", kind="country", example="KZ"
        ),
        wikidata_filter(Actor.wikidata),
        *q_and_source(Actor, RecordType.ACTOR),
    ),
    sorts=(SortKey("id", Actor.id), SortKey("name", Actor.name_en), SortKey("kind", Actor.kind)),
    facets=(Facet("kind", Actor.kind), Facet("country", Actor.country)),
    # A role names its organisation inside the roles JSON.
    also_mentions=(Mention(RecordType.ACTOR, Actor.roles, in_json=True),),
    example_id="murat-nurtleu",
)
