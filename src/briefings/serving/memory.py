"""Memory the serving process holds outside Python's objects, bounded.

Resident memory must stay under the response cache's setting plus 150 MB (issue 10). Two
holders outside Python's own accounting grew past that in the soak (docs/reliability.md):

- **SQLite's page caches**, one per pooled connection. The loop's and each query
  thread's connection filled its 16 MiB: 67 MiB at 100k statements. SQLite's soft heap
  limit bounds them all together, for the whole process: past it SQLite reuses pages of
  any connection's cache before it allocates more.
- **glibc's arenas.** Each thread that allocates gets an arena of its own (up to eight
  per core), and memory freed in one is not reused by another; two arenas serve the event
  loop and the query threads, as ``MALLOC_ARENA_MAX=2`` would, set from here because the
  environment is read before ``briefings serve`` runs.
"""

import contextlib
import ctypes
import ctypes.util
import sqlite3

# glibc's mallopt() parameter for the number of arenas (malloc.h).
M_ARENA_MAX = -8
ARENAS = 2


def bound_sqlite(limit_bytes: int) -> int:
    """Sets SQLite's soft heap limit for every connection of this process (0: none) and
    returns the limit SQLite now holds."""
    with contextlib.closing(sqlite3.connect(":memory:")) as connection:
        connection.execute(f"PRAGMA soft_heap_limit={int(limit_bytes)}")
        row = connection.execute("PRAGMA soft_heap_limit").fetchone()
    return int(row[0])


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Caps glibc's malloc arenas; False where the C library is not glibc (musl, macOS),
    which have no such arenas to cap."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_ARENA_MAX, arenas))
