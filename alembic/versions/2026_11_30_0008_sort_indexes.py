"""indexes on the sort expressions of keys that stand in for null

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 14:15:00

``sort=-date`` orders statements by ``coalesce(date, '0001-01-01'), id``: no index on
``(date, id)`` serves that expression, so every such page sorted the whole table (half a
second at 100k statements). Each index here is that expression, written exactly as the
query writes it (``SortKey.expression``), and the primary key.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (index, table, column, the stand-in for null as SQL)
INDEXES = (
    ("ix_statements_date_sort", "statements", "date", "'0001-01-01'"),
    ("ix_sources_published_date_sort", "sources", "published_date", "'0001-01-01'"),
    ("ix_figures_period_sort", "figures", "period", "''"),
)


def upgrade() -> None:
    for name, table, column, stand_in in INDEXES:
        op.create_index(name, table, [sa.text(f"coalesce({column}, {stand_in})"), "id"])


def downgrade() -> None:
    for name, table, _column, _stand_in in INDEXES:
        op.drop_index(name, table_name=table)
