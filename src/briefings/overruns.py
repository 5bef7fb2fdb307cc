"""The kinds of read that lately ran past the event loop's share, so that the next read of
such a kind goes to a free query thread at once.

A read runs on the loop for at most ``query_loop_ms`` and is then stopped and run again
in a thread (``db.read``). For a kind of question that always takes longer (a search for
a common word, a hundred countries with facets) that is the loop's share spent for
nothing, held as long as SQLite takes to notice, and the work done twice. A kind is the
route and, per parameter, how many values it was given (one, a few, many), never the
values. Kinds are kept in a bounded list, the least recently seen dropped first; a kind
leaves it when a read of it ends within the share, in a thread or on the loop (where it
starts when every thread is taken).
"""

from collections import OrderedDict
from threading import Lock

from starlette.requests import Request

Kind = tuple[str, tuple[tuple[str, int], ...]]

MAX_KINDS = 512
# A request naming more parameters than any route takes, or a parameter with a long
# name, is refused by the kit's parser anyway: it is never remembered, so no client can
# fill the list with large kinds.
MAX_NAMES = 16
MAX_NAME_CHARS = 32


def _how_many(count: int) -> int:
    return 1 if count == 1 else 2 if count <= 4 else 3


def kind_of(request: Request) -> Kind | None:
    """The request's kind, or None when it is not one to remember."""
    route = request.scope.get("route")
    template = str(getattr(route, "path", request.scope["path"]))
    counts: dict[str, int] = {}
    for name, _value in request.query_params.multi_items():
        if len(name) > MAX_NAME_CHARS:
            return None
        counts[name] = counts.get(name, 0) + 1
        if len(counts) > MAX_NAMES:
            return None
    return template, tuple(sorted((name, _how_many(n)) for name, n in counts.items()))


class Overruns:
    def __init__(self, max_kinds: int = MAX_KINDS) -> None:
        self.max_kinds = max_kinds
        self.kinds: OrderedDict[Kind, None] = OrderedDict()
        self.lock = Lock()

    def known(self, kind: Kind | None) -> bool:
        """Whether reads of this kind lately ran past the loop's share."""
        if kind is None:
            return False
        with self.lock:
            if kind not in self.kinds:
                return False
            self.kinds.move_to_end(kind)
            return True

    def overran(self, kind: Kind | None) -> None:
        if kind is None:
            return
        with self.lock:
            self.kinds[kind] = None
            self.kinds.move_to_end(kind)
            while len(self.kinds) > self.max_kinds:
                self.kinds.popitem(last=False)

    def within(self, kind: Kind | None) -> None:
        """A read of this kind ended within the share: the next one starts on the loop."""
        if kind is None:
            return
        with self.lock:
            self.kinds.pop(kind, None)
