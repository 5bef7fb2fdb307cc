"""origin and body version: where each record came from, and which representation
rendered its stored body

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 06:00:00

``origin`` lets ``briefings seed`` make the curated records equal to the files (it
deletes only what a seed file wrote) and ``briefings prune`` remove generated data.
Records written before this migration came from the seed files, except the generator's,
whose ids it prefixes with ``syn-``. ``body_version`` starts empty, so ``migrate`` renders
every body again with the current representation.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "actors",
    "briefings",
    "cooperation_areas",
    "figures",
    "places",
    "projects",
    "sources",
    "statements",
    "visits",
)


def upgrade() -> None:
    for table in TABLES:
        op.add_column(
            table, sa.Column("origin", sa.String(40), nullable=False, server_default="seed")
        )
        op.add_column(table, sa.Column("body_version", sa.String(16), nullable=True))
        op.execute(sa.text(f"UPDATE {table} SET origin = 'synthetic' WHERE id LIKE 'syn-%'"))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+), as in 0004.
    for table in TABLES:
        op.drop_column(table, "body_version")
        op.drop_column(table, "origin")
