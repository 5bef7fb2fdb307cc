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
    """Upgrades the schema, then renders again every body that is missing or was
    rendered by another version of its representation: a migration that adds a column
    cannot render (that takes the application's code), and a release that changes an
    output model leaves the stored bodies of the old one."""
    before = migrations.current_revision(engine)
    migrations.upgrade(engine)
    with session_scope(engine) as session, session.begin():
        rendered = bodies.render_stale(session, REGISTRY.resources.values(), REGISTRY.targets)
    return before, rendered


def prepare(engine: Engine, seeds_dir: Path) -> Prepared:
    before, rendered = migrate(engine)
    with session_scope(engine) as session:
        empty = current_revision(session) == 0
    return Prepared(before, seed(engine, seeds_dir) if empty else None, rendered)
