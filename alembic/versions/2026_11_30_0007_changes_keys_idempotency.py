"""a living dataset: the change log, API keys and idempotent results

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 08:30:00

``changes`` is the feed (``/v1/changes``) and every record's history. A database that
already holds records gets one ``upsert`` per record, at the revision it last changed
and with its stored body, in revision then catalogue order: a replica that follows the
feed from its start rebuilds the data as it is, not only what changes after this.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Record type -> table, in the catalogue's (load) order.
TABLES = (
    ("source", "sources"),
    ("cooperation-area", "cooperation_areas"),
    ("actor", "actors"),
    ("place", "places"),
    ("visit", "visits"),
    ("statement", "statements"),
    ("project", "projects"),
    ("figure", "figures"),
    ("briefing", "briefings"),
)


def upgrade() -> None:
    op.create_table(
        "changes",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("record_type", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=120), nullable=False),
        sa.Column("operation", sa.String(length=8), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("origin", sa.String(length=120), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_changes")),
    )
    op.create_index("ix_changes_record", "changes", ["record_type", "record_id", "seq"])
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("name", name=op.f("uq_api_keys_name")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_api_keys_token_sha256")),
    )
    op.create_table(
        "idempotent_results",
        sa.Column("key_name", sa.String(length=80), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("request_sha256", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key_name", "idempotency_key", name=op.f("pk_idempotent_results")),
    )
    selects = " UNION ALL ".join(
        f"SELECT {k} AS k, '{record_type}' AS record_type, id, revision, origin, body FROM {table}"
        for k, (record_type, table) in enumerate(TABLES)
    )
    op.execute(
        sa.text(
            "INSERT INTO changes (revision, record_type, record_id, operation, changed_at, "
            "origin, body) "
            "SELECT revision, record_type, id, 'upsert', CURRENT_TIMESTAMP, origin, body "
            f"FROM ({selects}) AS existing ORDER BY revision, k, id"
        )
    )


def downgrade() -> None:
    op.drop_table("idempotent_results")
    op.drop_table("api_keys")
    op.drop_index("ix_changes_record", table_name="changes")
    op.drop_table("changes")
