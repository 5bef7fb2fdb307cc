"""Generating a data set: the registry first, then articles in chunks, each chunk resolved
and loaded by the seeds' own path (``resolve`` + ``load_bundle``) and committed."""

import math
import time
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Engine, Table, exists, select

from briefings import statistics
from briefings.changes.lock import writing
from briefings.db import session_scope
from briefings.models import Source
from briefings.seeding import (
    SEED,
    SYNTHETIC,
    LoadReport,
    ParsedSeed,
    SeedError,
    load_bundle,
    resolve,
)
from briefings.seeding.resolve import MODELS
from briefings.synthetic.articles import STATEMENTS_PER_SOURCE, source_id, write_article
from briefings.synthetic.progress import Progress
from briefings.synthetic.world import REGISTRY_ID, World, build_world, seed_of_registry

BRIEFING_EVERY = 20  # sources per briefing


class GenerationRefused(Exception):  # noqa: N818 - a refusal, said to the user as is
    pass


@dataclass(frozen=True)
class Plan:
    statements: int
    seed: int = 0
    chunk_sources: int = 20

    def __post_init__(self) -> None:
        if self.statements < 1:
            raise ValueError(f"statements must be at least 1, not {self.statements}")
        if self.seed < 0:
            raise ValueError(f"seed must be 0 or more, not {self.seed}")
        if self.chunk_sources < 1:
            raise ValueError(f"chunk_sources must be at least 1, not {self.chunk_sources}")

    @property
    def sources(self) -> int:
        return math.ceil(self.statements / STATEMENTS_PER_SOURCE)

    def statements_in(self, index: int) -> int:
        """Every source holds 50 statements but the last, which holds the rest."""
        if index < self.sources - 1:
            return STATEMENTS_PER_SOURCE
        return self.statements - STATEMENTS_PER_SOURCE * (self.sources - 1)

    def briefing_sources(self, index: int) -> list[str] | None:
        """The last source of every run of 20 carries the briefing of those 20."""
        if (index + 1) % BRIEFING_EVERY and index != self.sources - 1:
            return None
        first = index - index % BRIEFING_EVERY
        return [source_id(i) for i in range(first, index + 1)]


@dataclass
class Generated:
    plan: Plan
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    revision: int = 0
    records: int = 0
    seconds: float = 0.0
    chunks: list[LoadReport] = field(default_factory=list)

    def add(self, report: LoadReport) -> None:
        self.inserted += report.inserted
        self.updated += report.updated
        self.unchanged += report.unchanged
        self.revision = report.revision
        self.records += report.inserted + report.updated + report.unchanged
        self.chunks.append(report)

    def summary(self) -> str:
        rate = self.plan.statements / self.seconds if self.seconds > 0 else 0.0
        return (
            f"generated {self.plan.statements:,} statements in {self.plan.sources:,} sources "
            f"(seed {self.plan.seed}) in {self.seconds:.1f}s, {rate:,.0f} statements/s: "
            f"{self.inserted:,} inserted, {self.updated:,} updated, "
            f"{self.unchanged:,} unchanged (data revision {self.revision})"
        )


def _check_seed(engine: Engine, seed: int) -> None:
    """One database holds one generation: mixing two seeds would leave a data set that
    neither seed reproduces."""
    with session_scope(engine) as session:
        text = session.scalar(select(Source.text).where(Source.id == REGISTRY_ID))
    if text is None:
        return
    found = seed_of_registry(text)
    if found != seed:
        raise GenerationRefused(
            f"this database already holds synthetic data generated with seed {found}; "
            f"generate with --seed {found} to extend it, or into another database"
        )


def _check_curated(engine: Engine) -> None:
    """Synthetic records next to curated ones would be served as if an editor had
    checked them; asked for on purpose, they stay removable by their origin."""
    with session_scope(engine) as session:
        curated = any(
            session.scalar(select(exists().where(table.c.origin == SEED)))
            for table in (cast(Table, model.__table__) for model in MODELS.values())
        )
    if curated:
        raise GenerationRefused(
            "this database holds curated records (loaded by `briefings seed`); generate "
            "into another database (BRIEFINGS_DATABASE_URL), or pass --allow-curated to "
            "add synthetic data next to them (`briefings prune --origin synthetic` "
            "removes it again)"
        )


def _load(engine: Engine, documents: list[ParsedSeed], known: dict[str, set[str]]) -> LoadReport:
    bundle, problems = resolve(documents, known)
    if problems:  # a bug of the generator: the seeds' checks caught it
        raise SeedError(problems)
    with writing(engine) as session:
        return load_bundle(session, bundle, SYNTHETIC)


def generate(
    engine: Engine, plan: Plan, progress: Progress, *, allow_curated: bool = False
) -> Generated:
    """Writes the plan's data into a migrated database, one committed chunk at a time,
    every record of origin ``synthetic``."""
    started = time.monotonic()
    if not allow_curated:
        _check_curated(engine)
    _check_seed(engine, plan.seed)
    world: World = build_world(plan.seed)
    assert world.registry is not None
    result = Generated(plan)
    known = world.ids()
    result.add(_load(engine, [ParsedSeed.in_memory(world.registry, world.registry_text)], {}))
    done = 0
    for first in range(0, plan.sources, plan.chunk_sources):
        indexes = range(first, min(first + plan.chunk_sources, plan.sources))
        documents = []
        for index in indexes:
            article = write_article(
                world, plan.seed, index, plan.statements_in(index), plan.briefing_sources(index)
            )
            documents.append(ParsedSeed.in_memory(article.seed, article.text))
        result.add(_load(engine, documents, known))
        known["source"].update(source_id(index) for index in indexes)
        done += sum(plan.statements_in(index) for index in indexes)
        progress.advance(done)
    # The tables grew by the generated records since migrating took the statistics.
    statistics.refresh(engine)
    result.seconds = time.monotonic() - started
    return result
