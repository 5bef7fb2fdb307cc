"""stored bodies: each record's rendered JSON

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 21:00:00

The column starts empty; ``briefings migrate`` (and ``serve``) render the bodies that are
missing, since rendering is the application's code, not the schema's.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
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
        op.add_column(table, sa.Column("body", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+): a batch rebuild would drop tables that other
    # tables' foreign keys point to.
    for table in TABLES:
        op.drop_column(table, "body")
