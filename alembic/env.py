"""Alembic environment: the database URL comes from the caller or from Settings."""

import warnings
from typing import Any

from alembic import context
from sqlalchemy import Connection

from briefings.config import get_settings
from briefings.db import is_sqlite, make_engine
from briefings.models import Base
from briefings.models.base import SORT_INDEXES
from briefings.search.models import include_object as include_search_object

target_metadata = Base.metadata
# SQLite's reflection skips an expression index with this warning; the sort indexes are
# expression indexes, made by their migration and left out of the comparison below.
SKIPPED_SORT_INDEX = "Skipped unsupported reflection of expression-based index ({})$".format(
    "|".join(sorted(SORT_INDEXES))
)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    if type_ == "index" and name in SORT_INDEXES:
        return False
    return include_search_object(obj, name, type_, reflected, compare_to)


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
    with warnings.catch_warnings(), context.begin_transaction():
        warnings.filterwarnings("ignore", SKIPPED_SORT_INDEX)
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
