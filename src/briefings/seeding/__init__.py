"""Reading, validating and loading curated seed files: one path for seeds and imports."""

from pathlib import Path

from sqlalchemy.orm import Session

from briefings.seeding.errors import SeedError, SeedProblem
from briefings.seeding.loader import LoadReport, load_bundle, stored_ids
from briefings.seeding.reader import ParsedSeed, read_seed_dir
from briefings.seeding.resolve import Known, resolve
from briefings.seeding.rows import Bundle

__all__ = [
    "Bundle",
    "Known",
    "LoadReport",
    "ParsedSeed",
    "SeedError",
    "SeedProblem",
    "check_seeds",
    "load_bundle",
    "load_seeds",
    "resolve",
    "stored_ids",
]


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
