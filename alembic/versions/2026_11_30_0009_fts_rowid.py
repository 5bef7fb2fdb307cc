"""search documents keep the rowid of their FTS5 row

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 20:30:00

FTS5 finds a row by its rowid alone: the record type and id it stores have no index, so
deleting a record's row by them read the whole index (95 ms a record write at 100k
statements). Each document now keeps its row's rowid (``search_documents.fts_rowid``).
On SQLite the index is rebuilt so that every document has one; on PostgreSQL, whose
index is on ``search_documents`` itself, the column stays null.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("search_documents", sa.Column("fts_rowid", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        from briefings.search.index import rebuild_index

        with Session(bind=op.get_bind()) as session:
            rebuild_index(session)


def downgrade() -> None:
    with op.batch_alter_table("search_documents") as batch:
        batch.drop_column("fts_rowid")
