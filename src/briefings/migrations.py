"""Running Alembic from code: `briefings migrate`, `serve` and the tests share this."""

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from briefings.config import PROJECT_ROOT
from briefings.models.base import SORT_INDEXES
from briefings.search.models import include_object as include_search_object

# SQLite's reflection skips an expression index with this warning: the sort indexes are
# expression indexes, made by their migration and left out of the comparison.
SKIPPED_SORT_INDEX = "Skipped unsupported reflection of expression-based index ({})$".format(
    "|".join(sorted(SORT_INDEXES))
)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic ``include_object`` hook: what the comparison of the database with the
    models leaves out (the search objects of one backend, the sort indexes)."""
    if type_ == "index" and name in SORT_INDEXES:
        return False
    return include_search_object(obj, name, type_, reflected, compare_to)


@contextmanager
def reflecting() -> Iterator[None]:
    """Around a reflection of the schema: SQLite's warning on the sort indexes is known."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", SKIPPED_SORT_INDEX)
        yield


def alembic_config() -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    return config


def upgrade(engine: Engine, target: str = "head") -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def downgrade(engine: Engine, target: str = "base") -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, target)


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_at_head(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()
