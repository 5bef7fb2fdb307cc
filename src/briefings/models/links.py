"""Many-to-many link tables: a record's countries, areas, sources and counterparts.

They are plain tables rather than mapped classes: filters join them, and readers fetch
a page's links in one query per table.
"""

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table

from briefings.models.base import COUNTRY, SLUG, Base


def _link(name: str, owner: str, target_column: Column[str]) -> Table:
    # (value, record_id) answers "records with this value, in id order" from the index
    # alone: filters walk it in keyset order and facets count from it.
    by_value = Index(f"ix_{name}_{target_column.name}_record", target_column.name, "record_id")
    return Table(
        name,
        Base.metadata,
        Column(
            "record_id",
            String(SLUG),
            ForeignKey(f"{owner}.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        target_column,
        # Keeps the curated order, so a record reads back as it was written.
        Column("position", Integer, nullable=False, default=0),
        by_value,
    )


def _countries(owner: str) -> Table:
    return _link(
        f"{owner[:-1]}_countries",
        owner,
        Column("country", String(COUNTRY), primary_key=True),
    )


def _areas(owner: str) -> Table:
    return _link(
        f"{owner[:-1]}_areas",
        owner,
        Column(
            "area_id",
            String(SLUG),
            ForeignKey("cooperation_areas.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )


briefing_countries = _countries("briefings")
briefing_areas = _areas("briefings")
briefing_sources = _link(
    "briefing_sources",
    "briefings",
    Column(
        "source_id",
        String(SLUG),
        ForeignKey("sources.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)
visit_counterparts = _link(
    "visit_counterparts",
    "visits",
    Column(
        "actor_id",
        String(SLUG),
        ForeignKey("actors.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)
statement_countries = _countries("statements")
# Every speaker of a statement, in curated order: a joint statement has several.
statement_speakers = _link(
    "statement_speakers",
    "statements",
    Column(
        "actor_id",
        String(SLUG),
        ForeignKey("actors.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)
statement_areas = _areas("statements")
project_countries = _countries("projects")
project_areas = _areas("projects")
figure_countries = _countries("figures")
figure_areas = _areas("figures")
