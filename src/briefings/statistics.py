"""The query planner's statistics on SQLite: ANALYZE a table once its size has moved.

Without statistics (``sqlite_stat1``) SQLite's planner takes every index to narrow a
search alike, so joined filters walked whichever index came first: ``country=FR&
kind=direct-quote&area=...`` at 100k statements went through the 18,000 quotes and
sorted them, 50 times the work of walking the 6,550 French ones in page order, and
``kind`` with ``date_from`` scanned in the wrong order the same way. The statistics
describe the data's shape, which moves slowly: they are taken again only for a table
whose row count has halved or doubled since they were, or that has none and has grown
past ``MIN_ROWS``; small tables are planned well enough by the default guesses.

PostgreSQL's autovacuum keeps its own statistics; nothing is done there.
"""

from sqlalchemy import Connection, Engine, func, inspect, select

from briefings.models import Base

MIN_ROWS = 1000
# Past this factor either way, a table's statistics are taken again.
DRIFT = 2.0


def _analyzed_rows(connection: Connection) -> dict[str, int]:
    """Each analyzed table's row count when it was analyzed (the first number of its
    rows in ``sqlite_stat1``)."""
    if not inspect(connection).has_table("sqlite_stat1"):
        return {}
    rows = connection.exec_driver_sql("SELECT tbl, stat FROM sqlite_stat1").all()
    return {table: int(stat.split()[0]) for table, stat in rows if stat}


def stale_tables(connection: Connection, min_rows: int = MIN_ROWS) -> list[str]:
    """The tables whose statistics are missing or no longer describe their size."""
    analyzed = _analyzed_rows(connection)
    stale = []
    for table in Base.metadata.sorted_tables:
        rows = connection.scalar(select(func.count()).select_from(table)) or 0
        then = analyzed.get(table.name)
        if then is None:
            if rows >= min_rows:
                stale.append(table.name)
        elif not then / DRIFT <= rows <= then * DRIFT:
            stale.append(table.name)
    return stale


def refresh(engine: Engine, min_rows: int = MIN_ROWS) -> list[str]:
    """Analyzes the stale tables of a SQLite database; returns their names."""
    if engine.dialect.name != "sqlite":
        return []
    with engine.begin() as connection:
        stale = stale_tables(connection, min_rows)
        for name in stale:
            # Names come from the models, never from input.
            connection.exec_driver_sql(f'ANALYZE "{name}"')
    return stale
