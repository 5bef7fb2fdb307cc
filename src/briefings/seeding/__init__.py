"""Reading, validating and loading curated seed files: one path for seeds and imports."""

from pathlib import Path

from sqlalchemy.orm import Session

from briefings.seeding.errors import SeedError, SeedProblem
from briefings.seeding.loader import LoadReport, load_bundle
from briefings.seeding.reader import read_seed_dir
from briefings.seeding.resolve import resolve
from briefings.seeding.rows import Bundle

__all__ = ["Bundle", "LoadReport", "SeedError", "SeedProblem", "check_seeds", "load_seeds"]


def check_seeds(folder: Path) -> Bundle:
    """Validates every seed file in ``folder``; raises ``SeedError`` listing every problem."""
    parsed, problems = read_seed_dir(folder)
    bundle, found = resolve(parsed)
    problems.extend(found)
    if problems:
        raise SeedError(problems)
    return bundle


def load_seeds(session: Session, folder: Path) -> LoadReport:
    """Checks, then loads in the session's transaction: nothing is written unless all is valid."""
    return load_bundle(session, check_seeds(folder))
