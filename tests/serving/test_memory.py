"""Memory a serving process holds outside Python's objects: SQLite's page caches, bounded
together for the whole process, and the C allocator's arenas."""

import os
import platform
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from briefings.config import Settings
from briefings.serving.memory import bound_sqlite, limit_arenas

MIB = 1024 * 1024


def served_soft_heap_limit(tmp_path: Path, **env: str) -> int:
    """What SQLite's soft heap limit is once the served factory has run, as uvicorn runs it."""
    script = (
        "import sqlite3; from briefings.serving.server import served; served(); "
        "print(sqlite3.connect(':memory:').execute('PRAGMA soft_heap_limit').fetchone()[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "BRIEFINGS_DATABASE_URL": f"sqlite:///{tmp_path / 'served.db'}", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout.strip().splitlines()[-1])


def test_a_served_process_bounds_sqlite_page_caches_to_24_mib_by_default(tmp_path: Path) -> None:
    assert served_soft_heap_limit(tmp_path) == 24 * MIB


def test_the_bound_is_a_setting(tmp_path: Path) -> None:
    assert served_soft_heap_limit(tmp_path, BRIEFINGS_SQLITE_CACHE_BYTES=str(8 * MIB)) == 8 * MIB
    assert served_soft_heap_limit(tmp_path, BRIEFINGS_SQLITE_CACHE_BYTES="0") == 0


def test_a_negative_bound_is_refused_naming_the_setting() -> None:
    with pytest.raises(ValidationError, match="sqlite_cache_bytes"):
        Settings(sqlite_cache_bytes=-1)


def test_the_bound_holds_for_every_connection_of_the_process() -> None:
    try:
        assert bound_sqlite(12 * MIB) == 12 * MIB
        other = sqlite3.connect(":memory:")
        assert other.execute("PRAGMA soft_heap_limit").fetchone()[0] == 12 * MIB
        other.close()
    finally:
        bound_sqlite(0)


def test_arenas_are_capped_where_the_c_library_is_glibc() -> None:
    assert limit_arenas() is (platform.libc_ver()[0] == "glibc")
