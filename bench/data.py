"""One SQLite file per scale, built once and cached by scale, seed and builder.

The builder is ``briefings generate --statements N --seed S`` when the installed
``briefings`` has that command. Until then a stopgap here seeds the curated data and
adds synthetic statements (ids ``syn-``) cloned from the curated ones, with varied kind,
speaker, date, countries and areas, their evidence and their search documents. The
results say which builder made the data.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.procs import BenchError

SYN_COUNTRIES = ("KZ", "KG", "UZ", "TJ", "TM", "RU", "CN", "TR", "US", "EU", "IT", "DE")
CHUNK = 20_000


def briefings_bin() -> Path:
    path = Path(sys.executable).parent / "briefings"
    if not path.exists():
        raise BenchError(f"no `briefings` command next to {sys.executable}; run through `uv run`")
    return path


def has_generate() -> bool:
    result = subprocess.run(
        [str(briefings_bin()), "generate", "--help"],
        capture_output=True,
        check=False,
        timeout=60,
    )
    return result.returncode == 0


@dataclass(frozen=True)
class Database:
    path: Path
    scale: int
    seed: int
    builder: str
    statements: int
    built_s: float | None  # None when reused from the cache

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path.resolve()}"


def _env(path: Path) -> dict[str, str]:
    return {**os.environ, "BRIEFINGS_DATABASE_URL": f"sqlite:///{path.resolve()}"}


def _run(argv: list[str], path: Path, what: str) -> None:
    result = subprocess.run(argv, env=_env(path), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BenchError(
            f"{what} failed (exit {result.returncode}):\n{result.stderr.strip()[-2000:]}"
        )


def count_statements(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        row = connection.execute("SELECT count(*) FROM statements").fetchone()
    return int(row[0])


def prepare(data_dir: Path, scale: int, seed: int, log: Callable[[str], None]) -> Database:
    builder = "briefings generate" if has_generate() else "bench stopgap (briefings seed + clones)"
    tag = "gen" if builder.startswith("briefings") else "stopgap"
    data_dir.mkdir(parents=True, exist_ok=True)
    # Datasette names the database after the file: keep it a plain word.
    path = data_dir / f"bench_{scale}_s{seed}_{tag}.sqlite"
    if path.exists():
        # A cached file still gets any migration added since it was built.
        _run([str(briefings_bin()), "migrate"], path, f"briefings migrate on {path}")
        return Database(path, scale, seed, builder, count_statements(path), None)
    partial = path.with_suffix(".partial")
    for stale in data_dir.glob(partial.name + "*"):
        stale.unlink()
    log(f"building {path.name}: {scale:,} statements with {builder} ...")
    started = time.monotonic()
    try:
        if tag == "gen":
            _run(
                [str(briefings_bin()), "generate", "--statements", str(scale), "--seed", str(seed)],
                partial,
                "briefings generate",
            )
        else:
            _run([str(briefings_bin()), "seed"], partial, "briefings seed")
            _clone_statements(partial, scale, seed)
        with sqlite3.connect(partial) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for suffix in ("-wal", "-shm"):
            Path(str(partial) + suffix).unlink(missing_ok=True)
        partial.rename(path)
    except BaseException:
        for stale in data_dir.glob(partial.name + "*"):
            stale.unlink()
        raise
    built = time.monotonic() - started
    statements = count_statements(path)
    log(f"built {path.name} in {built:.0f} s ({statements:,} statements)")
    return Database(path, scale, seed, builder, statements, built)


def _clone_statements(path: Path, scale: int, seed: int) -> None:
    """Tops the seeded statements up to ``scale`` with synthetic clones."""
    rng = random.Random(seed)
    connection = sqlite3.connect(path)
    try:
        cur = connection.cursor()
        existing = cur.execute("SELECT count(*) FROM statements").fetchone()[0]
        wanted = scale - existing
        if wanted <= 0:
            return
        templates = cur.execute(
            "SELECT id, text, translation, language, occasion_fr, occasion_en FROM statements"
            " ORDER BY id"
        ).fetchall()
        kinds = [r[0] for r in cur.execute("SELECT DISTINCT kind FROM statements ORDER BY 1")]
        try:
            from typing import get_args

            from briefings.vocab import StatementKind

            kinds = list(get_args(StatementKind)) or kinds
        except ImportError:
            pass
        speakers = [r[0] for r in cur.execute("SELECT id FROM actors ORDER BY id")]
        areas = [r[0] for r in cur.execute("SELECT id FROM cooperation_areas ORDER BY id")]
        evidence: dict[str, list[tuple[object, ...]]] = {}
        for row in cur.execute(
            'SELECT record_id, position, source_id, start, "end", text FROM evidence'
            " WHERE record_type = 'statement' ORDER BY record_id, position"
        ):
            evidence.setdefault(row[0], []).append(row[1:])
        documents = {
            row[0]: row[1:]
            for row in cur.execute(
                "SELECT record_id, name_fr, name_en, title, body, title_folded, body_folded"
                " FROM search_documents WHERE record_type = 'statement'"
            )
        }
        next_evidence = (cur.execute("SELECT max(id) FROM evidence").fetchone()[0] or 0) + 1
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("PRAGMA journal_mode=MEMORY")

        batch: dict[str, list[tuple[object, ...]]] = {
            k: [] for k in ("s", "k", "c", "a", "e", "d", "f")
        }

        def flush() -> None:
            cur.executemany(
                "INSERT INTO statements (id, speaker_id, kind, text, translation, language,"
                " date, occasion_fr, occasion_en, visit_id, reported_by_id, fingerprint,"
                " revision) VALUES (?,?,?,?,?,?,?,?,?,NULL,NULL,'synthetic',1)",
                batch["s"],
            )
            # The speaker filter and facet read every speaker from the link table.
            cur.executemany(
                "INSERT INTO statement_speakers (record_id, actor_id, position) VALUES (?,?,0)",
                batch["k"],
            )
            cur.executemany(
                "INSERT INTO statement_countries (record_id, country, position) VALUES (?,?,?)",
                batch["c"],
            )
            cur.executemany(
                "INSERT INTO statement_areas (record_id, area_id, position) VALUES (?,?,?)",
                batch["a"],
            )
            cur.executemany(
                "INSERT INTO evidence (id, record_type, record_id, position, source_id, start,"
                " \"end\", text) VALUES (?,'statement',?,?,?,?,?,?)",
                batch["e"],
            )
            cur.executemany(
                "INSERT INTO search_documents (record_type, record_id, name_fr, name_en, title,"
                " body, title_folded, body_folded) VALUES ('statement',?,?,?,?,?,?,?)",
                batch["d"],
            )
            cur.executemany(
                "INSERT INTO search_fts (record_type, record_id, title_folded, body_folded)"
                " VALUES ('statement',?,?,?)",
                batch["f"],
            )
            for value in batch.values():
                value.clear()

        for number in range(wanted):
            template = templates[number % len(templates)]
            record_id = f"syn-{number:08d}"
            speaker = rng.choice(speakers) if rng.random() < 0.8 else None
            date = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            batch["s"].append(
                (record_id, speaker, rng.choice(kinds), *template[1:4], date, *template[4:6])
            )
            if speaker is not None:
                batch["k"].append((record_id, speaker))
            for position, country in enumerate(rng.sample(SYN_COUNTRIES, rng.randint(1, 3))):
                batch["c"].append((record_id, country, position))
            for position, area in enumerate(rng.sample(areas, rng.randint(1, 2))):
                batch["a"].append((record_id, area, position))
            for span in evidence.get(template[0], []):
                batch["e"].append((next_evidence, record_id, *span))
                next_evidence += 1
            document = documents.get(template[0])
            if document is not None:
                batch["d"].append((record_id, *document))
                batch["f"].append((record_id, document[4], document[5]))
            if len(batch["s"]) >= CHUNK:
                flush()
        flush()
        connection.commit()
    finally:
        connection.close()


def warm_page_cache(path: Path) -> float:
    """Reads the file through once, so that every server's first round reads it from the
    operating system's page cache, as every later round does; the seconds it took.

    Without it the first rounds at 1M read the 7.6 GB file from disk, and the median of
    three cold rounds' p99 was a disk's figure (348 ms, then 33 ms once it was read)."""
    started = time.monotonic()
    with path.open("rb", buffering=0) as handle:
        while handle.read(8 << 20):
            pass
    return time.monotonic() - started
