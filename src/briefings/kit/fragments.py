"""Each record's serialised JSON, kept per data revision.

A page of fifty records costs little to find by keyset and much to serialise (links,
references, evidence). Records recur across pages (filters and sorts overlap), so each
record's bytes are kept and a page is assembled from them; only records not yet seen
are serialised, in one batch. Like every cache here it is dropped when the revision
moves, so it never outlives the data.
"""

from collections import OrderedDict
from collections.abc import Iterable
from threading import Lock


class FragmentCache:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.revision: int | None = None
        self.entries: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self.lock = Lock()

    def _at(self, revision: int) -> None:
        if revision != self.revision:
            self.entries.clear()
            self.size = 0
            self.revision = revision

    def get_many(self, revision: int, record_type: str, ids: Iterable[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        with self.lock:
            self._at(revision)
            for record_id in ids:
                fragment = self.entries.get((record_type, record_id))
                if fragment is not None:
                    self.entries.move_to_end((record_type, record_id))
                    found[record_id] = fragment
        return found

    def put_many(self, revision: int, record_type: str, fragments: dict[str, bytes]) -> None:
        if self.max_bytes <= 0:
            return
        with self.lock:
            self._at(revision)
            for record_id, fragment in fragments.items():
                key = (record_type, record_id)
                old = self.entries.pop(key, None)
                if old is not None:
                    self.size -= len(old)
                self.entries[key] = fragment
                self.size += len(fragment)
            while self.size > self.max_bytes and self.entries:
                _, evicted = self.entries.popitem(last=False)
                self.size -= len(evicted)
