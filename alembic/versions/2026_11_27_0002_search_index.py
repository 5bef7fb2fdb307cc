"""search index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 20:00:00

``search_documents`` on both backends; on SQLite an FTS5 table over its folded columns,
on PostgreSQL a GIN index on their weighted tsvector. Neither is in the ORM metadata
(each exists on one backend only), so alembic/env.py's include_object hides them from
autogenerate. The index is filled from the records already in the database.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Kept in step with briefings.search.query.PG_TSVECTOR, so queries use the index.
PG_TSVECTOR = (
    "setweight(to_tsvector('simple'::regconfig, title_folded), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, body_folded), 'B')"
)


def upgrade() -> None:
    op.create_table(
        "search_documents",
        sa.Column("record_type", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=120), nullable=False),
        sa.Column("name_fr", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("title_folded", sa.Text(), nullable=False),
        sa.Column("body_folded", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("record_type", "record_id", name=op.f("pk_search_documents")),
    )
    if op.get_bind().dialect.name == "sqlite":
        # The folded text is already lowercased, accent-free and punctuation-free: the
        # tokenizer only splits on spaces, as PostgreSQL's parser does.
        op.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5("
            "record_type UNINDEXED, record_id UNINDEXED, title_folded, body_folded, "
            "tokenize = 'unicode61 remove_diacritics 0')"
        )
    else:
        op.execute(
            f"CREATE INDEX ix_search_documents_tsv ON search_documents USING gin (({PG_TSVECTOR}))"
        )

    # Fill the index from existing records (a load only indexes what it changes).
    from briefings.search.index import rebuild_index

    with Session(bind=op.get_bind()) as session:
        rebuild_index(session)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_search_documents_tsv")
    op.drop_table("search_documents")
