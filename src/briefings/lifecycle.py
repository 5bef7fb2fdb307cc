"""Bringing a database to a serving state: migrate, then seed if it holds no data."""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from briefings import migrations
from briefings.db import session_scope
from briefings.kit import bodies
from briefings.resources import REGISTRY
from briefings.revision import current_revision
from briefings.seeding import LoadReport, load_seeds


@dataclass(frozen=True)
class Prepared:
    migrated_from: str | None
    seeded: LoadReport | None
    rendered: int = 0


def seed(engine: Engine, folder: Path) -> LoadReport:
    with session_scope(engine) as session, session.begin():
        return load_seeds(session, folder)


def migrate(engine: Engine) -> tuple[str | None, int]:
    """Upgrades the schema, then renders the bodies an upgrade left missing (a migration
    that adds them cannot render: that takes the application's code). At the latest
    schema already, nothing is scanned: a load renders what it writes, in its own
    transaction, so a current database has no record without a body."""
    before = migrations.current_revision(engine)
    migrations.upgrade(engine)
    if migrations.current_revision(engine) == before:
        return before, 0
    with session_scope(engine) as session, session.begin():
        rendered = bodies.fill_missing(session, REGISTRY.resources.values(), REGISTRY.targets)
    return before, rendered


def prepare(engine: Engine, seeds_dir: Path) -> Prepared:
    before, rendered = migrate(engine)
    with session_scope(engine) as session:
        empty = current_revision(session) == 0
    return Prepared(before, seed(engine, seeds_dir) if empty else None, rendered)
