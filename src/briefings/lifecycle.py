"""Bringing a database to a serving state: migrate, seed, prune, and plan without writing."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from briefings import migrations, statistics
from briefings.changes.lock import writing
from briefings.db import session_scope
from briefings.kit import bodies
from briefings.resources import REGISTRY
from briefings.revision import current_revision
from briefings.seeding import (
    Bundle,
    LoadPlan,
    LoadReport,
    apply_load,
    check_seeds,
    load_bundle,
    plan_seeds,
)
from briefings.seeding.origins import SEED


class DatabaseProblem(Exception):  # noqa: N818 - said to the user as is
    """A database a command cannot work on as it is; said to the user in one line."""


@dataclass(frozen=True)
class Prepared:
    migrated_from: str | None
    seeded: LoadReport | None
    rendered: int = 0


def sqlite_file(engine: Engine) -> Path | None:
    """The file of a SQLite database; None for another backend or an in-memory one."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(str(url.database))


def exists(engine: Engine) -> bool:
    """Whether the database is there, found without connecting: connecting to SQLite
    creates the file."""
    path = sqlite_file(engine)
    return path is None or path.exists()


@contextmanager
def leaves_no_new_file(engine: Engine) -> Iterator[None]:
    """Removes the SQLite file (and its -wal and -shm) if the block fails and the file
    was not there before: a failed command must not leave a half-made database."""
    path = sqlite_file(engine)
    new = path is not None and not path.exists()
    try:
        yield
    except BaseException:
        if new and path is not None:
            engine.dispose()
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise


def migrate(engine: Engine) -> tuple[str | None, int]:
    """Upgrades the schema, then renders again every body that is missing or was
    rendered by another version of its representation: a migration that adds a column
    cannot render (that takes the application's code), and a release that changes an
    output model leaves the stored bodies of the old one. Last, SQLite's planner
    statistics are taken again where a table's size has moved (``statistics``)."""
    before = migrations.current_revision(engine)
    migrations.upgrade(engine)
    with session_scope(engine) as session, session.begin():
        rendered = bodies.render_stale(session, REGISTRY.resources.values(), REGISTRY.targets)
    statistics.refresh(engine)
    return before, rendered


def load(engine: Engine, bundle: Bundle, origin: str, *, sync: bool = False) -> LoadReport:
    """One transaction of the loading path, on a migrated database."""
    with writing(engine) as session:
        return load_bundle(session, bundle, origin, sync=sync)


def seed(engine: Engine, folder: Path) -> LoadReport:
    """Makes the curated records equal to the seed files, in one transaction.

    The files are checked before the database is touched; the schema is then brought up
    to date, and a database file this call created is removed again if anything fails.
    """
    bundle = check_seeds(folder)
    with leaves_no_new_file(engine):
        migrate(engine)
        with writing(engine) as session:
            return apply_load(session, plan_seeds(session, bundle))


def plan_seed(engine: Engine, folder: Path) -> LoadPlan:
    """What ``seed`` would do, without writing anything, not even a migration: a
    database that does not exist yet or holds no schema would receive every record."""
    bundle = check_seeds(folder)
    if not exists(engine) or migrations.current_revision(engine) is None:
        inserts = [(rows, rows.fingerprint()) for rows in bundle.records]
        return LoadPlan(SEED, inserts, [], 0, {})
    if not migrations.is_at_head(engine):
        raise DatabaseProblem(
            f"the database schema is at {migrations.current_revision(engine)}, not the latest "
            f"({migrations.head_revision()}); run `briefings migrate` before a dry run"
        )
    # Planning only reads; closing the session rolls its transaction back.
    with session_scope(engine) as session:
        return plan_seeds(session, bundle)


def prune(engine: Engine, origin: str) -> LoadReport:
    """Removes every record of ``origin`` with the seeds' own deletion, in one transaction:
    the loading path given an empty bundle to sync."""
    if not exists(engine):
        raise DatabaseProblem(f"there is no database at {sqlite_file(engine)}")
    migrate(engine)
    return load(engine, Bundle(), origin, sync=True)


def prepare(engine: Engine, seeds_dir: Path) -> Prepared:
    before, rendered = migrate(engine)
    with session_scope(engine) as session:
        empty = current_revision(session) == 0
    return Prepared(before, seed(engine, seeds_dir) if empty else None, rendered)
