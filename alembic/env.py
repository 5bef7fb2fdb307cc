"""Alembic environment: the database URL comes from the caller or from Settings."""

from alembic import context
from sqlalchemy import Connection

from briefings.config import get_settings
from briefings.db import is_sqlite, make_engine
from briefings.migrations import include_object, reflecting
from briefings.models import Base

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place; batch mode rebuilds the table.
        render_as_batch=is_sqlite(str(connection.engine.url)),
        compare_type=True,
        # Full-text objects differ by database and live outside the ORM metadata, and
        # the sort indexes are expressions SQLite cannot reflect (``SORT_INDEXES``).
        include_object=include_object,
    )
    with reflecting(), context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url") or get_settings().database_url
    engine = make_engine(url)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run against a database")
run_migrations_online()
