"""joint statements and shared identifiers: every speaker of a statement in
``statement_speakers``; Wikidata ids on actors and places, GeoNames ids on places

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 06:30:00

A statement had one ``speaker_id``; a joint statement needs all its speakers. Each
existing speaker becomes the statement's first (and only) link row. ``speaker_id`` stays
as the first speaker, for the deprecated ``speaker`` field, so downgrading loses only the
second and later speakers of joint statements. ``body_version`` is not touched: the new
schemas change it, so ``migrate`` renders every affected body again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "statement_speakers",
        sa.Column("record_id", sa.String(length=120), nullable=False),
        sa.Column("actor_id", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
            name=op.f("fk_statement_speakers_actor_id_actors"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["statements.id"],
            name=op.f("fk_statement_speakers_record_id_statements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("record_id", "actor_id", name=op.f("pk_statement_speakers")),
    )
    op.create_index(
        "ix_statement_speakers_actor_id_record",
        "statement_speakers",
        ["actor_id", "record_id"],
        unique=False,
    )
    op.execute(
        sa.text(
            "INSERT INTO statement_speakers (record_id, actor_id, position)"
            " SELECT id, speaker_id, 0 FROM statements WHERE speaker_id IS NOT NULL"
        )
    )
    op.add_column("actors", sa.Column("wikidata", sa.String(length=20), nullable=True))
    op.create_index(op.f("ix_actors_wikidata"), "actors", ["wikidata"], unique=False)
    op.add_column("places", sa.Column("wikidata", sa.String(length=20), nullable=True))
    op.add_column("places", sa.Column("geonames", sa.String(length=20), nullable=True))
    op.create_index(op.f("ix_places_wikidata"), "places", ["wikidata"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_places_wikidata"), table_name="places")
    op.drop_column("places", "geonames")
    op.drop_column("places", "wikidata")
    op.drop_index(op.f("ix_actors_wikidata"), table_name="actors")
    op.drop_column("actors", "wikidata")
    op.drop_index("ix_statement_speakers_actor_id_record", table_name="statement_speakers")
    op.drop_table("statement_speakers")
