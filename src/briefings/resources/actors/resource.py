from collections.abc import Sequence
from typing import get_args

from sqlalchemy import or_, select

from briefings.kit.filters import equals
from briefings.kit.paging import SortKey
from briefings.kit.refs import Batch, ref_list
from briefings.kit.resource import Facet, Item, Mention, Resource
from briefings.models import Actor, Statement, Visit
from briefings.models.links import visit_counterparts
from briefings.resources.actors.schemas import ActorDetail, ActorOut
from briefings.resources.common import q_and_source
from briefings.vocab import ActorKind


def serialize(batch: Batch, rows: Sequence[Actor]) -> list[Item]:
    ids = [row.id for row in rows]
    organisations = batch.refs(
        "actor", [role.get("organisation") for r in rows for role in r.roles]
    )
    evidence = batch.evidence("actor", ids)
    return [
        {
            "id": row.id,
            "type": "actor",
            "revision": row.revision,
            "kind": row.kind,
            "name": {"fr": row.name_fr, "en": row.name_en},
            "aliases": row.aliases,
            "country": row.country,
            "roles": [
                {
                    "title": role["title"],
                    "organisation": organisations.get(role.get("organisation") or ""),
                    "country": role.get("country"),
                }
                for role in row.roles
            ],
            "evidence": evidence.get(row.id, []),
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
        select(Statement.id).where(Statement.speaker_id == row.id).order_by(Statement.id)
    ).all()
    reported = session.scalars(
        select(Statement.id).where(Statement.reported_by_id == row.id).order_by(Statement.id)
    ).all()
    visits = batch.refs("visit", visit_ids)
    statements = batch.refs("statement", [*spoken, *reported])
    return {
        "appears_in": {
            "visits": ref_list(visits, visit_ids),
            "statements": ref_list(statements, spoken),
            "reported": ref_list(statements, reported),
        }
    }


RESOURCE = Resource(
    type="actor",
    collection="actors",
    title="Actors",
    model=Actor,
    schema=ActorOut,
    item_schema=ActorDetail,
    serialize=serialize,
    item_extras=extras,
    filters=(
        equals("kind", Actor.kind, "Kind of actor.", choices=get_args(ActorKind), example="person"),
        equals(
            "country", Actor.country, "Of this country (ISO code).", kind="country", example="KZ"
        ),
        *q_and_source(Actor, "actor"),
    ),
    sorts=(SortKey("id", Actor.id), SortKey("name", Actor.name_en), SortKey("kind", Actor.kind)),
    facets=(Facet("kind", Actor.kind), Facet("country", Actor.country)),
    # A role names its organisation inside the roles JSON.
    mentions=(Mention("actor", Actor.roles, in_json=True),),
    example_id="murat-nurtleu",
)
