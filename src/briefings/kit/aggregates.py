"""Totals and facet counts, kept per data revision.

Counting a filtered set costs time in proportion to the set, so a page deep in a large
collection would pay for the whole collection on every request. Counts change only when
the data does, so they are kept per (question, revision) and a new revision starts
afresh. Pages themselves are found by keyset and need no count.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import TypeVar

T = TypeVar("T")


class AggregateCache:
    def __init__(self, max_entries: int = 4096) -> None:
        self.max_entries = max_entries
        self.revision: int | None = None
        self.entries: OrderedDict[Hashable, object] = OrderedDict()
        self.lock = Lock()

    def get(self, revision: int, key: Hashable, compute: Callable[[], T]) -> T:
        with self.lock:
            if revision != self.revision:
                self.entries.clear()
                self.revision = revision
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]  # type: ignore[return-value]
        value = compute()
        with self.lock:
            if revision == self.revision:
                self.entries[key] = value
                while len(self.entries) > self.max_entries:
                    self.entries.popitem(last=False)
        return value
