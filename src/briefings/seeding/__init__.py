"""Reading, validating and loading curated seed files: one path for seeds and imports."""

from pathlib import Path

from sqlalchemy.orm import Session

from briefings.seeding.errors import LoadRefused, SeedError, SeedProblem
from briefings.seeding.loader import (
    LoadPlan,
    LoadReport,
    apply_load,
    load_bundle,
    plan_load,
    stored_ids,
)
from briefings.seeding.origins import API, ORIGINS, SEED, SYNTHETIC
from briefings.seeding.reader import ParsedSeed, read_seed_dir
from briefings.seeding.removal import check_removable, ids_of_origin, remove
from briefings.seeding.resolve import Known, resolve
from briefings.seeding.rows import Bundle

__all__ = [
    "API",
    "ORIGINS",
    "SEED",
    "SYNTHETIC",
    "Bundle",
    "Known",
    "LoadPlan",
    "LoadRefused",
    "LoadReport",
    "ParsedSeed",
    "SeedError",
    "SeedProblem",
    "apply_load",
    "check_removable",
    "check_seeds",
    "ids_of_origin",
    "load_bundle",
    "load_seeds",
    "plan_load",
    "plan_seeds",
    "remove",
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


def plan_seeds(session: Session, bundle: Bundle) -> LoadPlan:
    """What loading the checked seeds would do: the curated records become the files."""
    return plan_load(session, bundle, SEED, sync=True)


def load_seeds(session: Session, folder: Path) -> LoadReport:
    """Checks, then loads in the session's transaction: nothing is written unless all is
    valid, and curated records the files no longer hold are deleted with the rest."""
    return apply_load(session, plan_seeds(session, check_seeds(folder)))
