"""Ids already stored, asked of the database on demand: what an import or a record write
resolves its references against. A generator keeps every id in memory (it wrote them);
a request must not read a million ids to check the three it names. The resolution asks
first for every id its documents name (``prefetch``, one query per record type), since
a query per id made 22 of an imported article's 84 statements (docs/performance.md)."""

from collections.abc import Iterable, Iterator, Mapping, Set
from functools import cache
from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, func, select
from sqlalchemy.orm import Session

from briefings.seeding.resolve import MODELS

# Ids per ``IN (...)``: under SQLite's default limit of bound parameters.
LOOKUP_BATCH = 900


@cache
def by_ids(table: Table, *columns: str) -> Select[Any]:
    """``columns`` of the table's rows whose id is among the parameter ``ids``. Built once,
    with an expanding parameter: SQLAlchemy coerces each value of a literal IN list,
    which cost more than the query."""
    return select(*(table.c[name] for name in columns)).where(
        table.c.id.in_(bindparam("ids", expanding=True))
    )


class StoredIdsOfType(Set[str]):
    def __init__(self, session: Session, record_type: str) -> None:
        self.session = session
        self.table = cast(Table, MODELS[record_type].__table__)
        self.seen: dict[str, bool] = {}

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, str):
            return False
        if value not in self.seen:
            query = select(self.table.c.id).where(self.table.c.id == value)
            self.seen[value] = self.session.scalar(query) is not None
        return self.seen[value]

    def prefetch(self, values: Iterable[str]) -> None:
        wanted = sorted({value for value in values if value not in self.seen})
        for start in range(0, len(wanted), LOOKUP_BATCH):
            chunk = wanted[start : start + LOOKUP_BATCH]
            found = set(self.session.scalars(by_ids(self.table, "id"), {"ids": chunk}))
            self.seen.update((value, value in found) for value in chunk)

    def __iter__(self) -> Iterator[str]:
        return iter(self.session.scalars(select(self.table.c.id)))

    def __len__(self) -> int:
        return self.session.scalar(select(func.count()).select_from(self.table)) or 0


class StoredIds(Mapping[str, Set[str]]):
    """Record type -> the ids the database holds, looked up on demand."""

    def __init__(self, session: Session) -> None:
        self.by_type = {
            record_type: StoredIdsOfType(session, record_type) for record_type in MODELS
        }

    def prefetch(self, wanted: Mapping[str, Iterable[str]]) -> None:
        """Looks up these ids (by record type) at once; later checks of them ask nothing."""
        for record_type, values in wanted.items():
            self.by_type[record_type].prefetch(values)

    def __getitem__(self, record_type: str) -> Set[str]:
        return self.by_type[record_type]

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_type)

    def __len__(self) -> int:
        return len(self.by_type)
