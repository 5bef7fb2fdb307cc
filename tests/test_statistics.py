"""SQLite's planner statistics follow the data's size, taken by migrating.

Without them SQLite walked the largest of several joined filters first; they are taken
again only when a table's size has halved or doubled, so a migration (which every
`serve` and `seed` runs) costs a count per table, not an ANALYZE of everything.
"""

from sqlalchemy import Engine, text

from briefings import statistics
from briefings.lifecycle import migrate
from support import Databases


def add_statements(engine: Engine, first: int, last: int) -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO statements (id, fingerprint, revision, kind, text, translation,"
                " language) VALUES (:id, 'f', 1, 'position', 't', 't', 'fr')"
            ),
            [{"id": f"said-{number}"} for number in range(first, last)],
        )


def analyzed_rows(engine: Engine, table: str) -> set[int]:
    with engine.connect() as connection:
        stats = connection.execute(
            text("SELECT stat FROM sqlite_stat1 WHERE tbl = :table"), {"table": table}
        ).scalars()
        return {int(stat.split()[0]) for stat in stats}


def test_a_table_is_analyzed_once_it_is_large_and_again_when_its_size_doubles(
    databases: Databases,
) -> None:
    engine = databases.migrated()
    if databases.backend != "sqlite":
        add_statements(engine, 0, 30)
        assert statistics.refresh(engine, min_rows=20) == []  # autovacuum's work there
        return
    add_statements(engine, 0, 19)
    assert statistics.refresh(engine, min_rows=20) == []

    add_statements(engine, 19, 30)
    assert statistics.refresh(engine, min_rows=20) == ["statements"]
    assert analyzed_rows(engine, "statements") == {30}
    add_statements(engine, 30, 60)
    assert statistics.refresh(engine, min_rows=20) == []

    add_statements(engine, 60, 61)
    assert statistics.refresh(engine, min_rows=20) == ["statements"]
    assert analyzed_rows(engine, "statements") == {61}


def test_migrating_takes_the_statistics_of_a_grown_database(databases: Databases) -> None:
    engine = databases.migrated()
    add_statements(engine, 0, statistics.MIN_ROWS)
    migrate(engine)
    if databases.backend == "sqlite":
        assert analyzed_rows(engine, "statements") == {statistics.MIN_ROWS}
