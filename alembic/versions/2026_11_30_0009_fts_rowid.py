"""search documents keep the rowid of their FTS5 row

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 20:30:00

FTS5 finds a row by its rowid alone: the record type and id it stores have no index, so
deleting a record's row by them read the whole index (95 ms a record write at 100k
statements). Each document now keeps its row's rowid (``search_documents.fts_rowid``).
On SQLite the FTS5 table is made again from the documents, each row at its document's
own rowid (in SQL: rebuilding the documents from the records took 3 min 47 s at 1M
statements); on PostgreSQL, whose index is on ``search_documents`` itself, the column
stays null.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


COLUMNS = "record_type, record_id, title_folded, body_folded"


def upgrade() -> None:
    op.add_column("search_documents", sa.Column("fts_rowid", sa.Integer(), nullable=True))
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    # Made again as 0002 made it (dropping is faster than deleting every row of FTS5).
    create = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'search_fts'"
    ).scalar_one()
    op.execute("DROP TABLE search_fts")
    op.execute(create)
    op.execute("UPDATE search_documents SET fts_rowid = rowid")
    op.execute(
        f"INSERT INTO search_fts (rowid, {COLUMNS}) "
        f"SELECT fts_rowid, {COLUMNS} FROM search_documents ORDER BY fts_rowid"
    )


def downgrade() -> None:
    with op.batch_alter_table("search_documents") as batch:
        batch.drop_column("fts_rowid")
