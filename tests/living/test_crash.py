"""kill -9 in the middle of an import: the database stays at the previous revision, and
the import retried with the same Idempotency-Key applies once. On every backend."""

import os
import signal
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import make_url

from briefings.changes.lock import ADVISORY_KEY
from briefings.db import make_engine, session_scope
from briefings.models import Statement
from briefings.revision import current_revision
from serving.live import killable_process
from support import Databases, api_key

STATEMENTS = 1500
DEADLINE_SECONDS = 60


def big_document() -> dict[str, Any]:
    sentences = [f"Phrase numéro {n} du texte." for n in range(STATEMENTS)]
    return {
        "source": {
            "id": "long-article",
            "title": {"fr": "Long", "en": "Long"},
            "language": "fr",
            "text": " ".join(sentences),
        },
        "statements": [
            {
                "id": f"long-{n}",
                "speakers": ["kazakhstan"],
                "kind": "position",
                "text": f"Phrase numéro {n} du texte",
                "translation": f"Sentence number {n}",
                "language": "fr",
                "evidence": [f"Phrase numéro {n} du texte"],
            }
            for n in range(STATEMENTS)
        ],
    }


def writing_now(engine: Engine) -> bool:
    """Whether some transaction holds the write lock (``changes.lock``)."""
    if engine.dialect.name == "sqlite":
        database = make_url(str(engine.url)).database or ""
        probe = sqlite3.connect(database, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()
    with engine.connect() as connection:
        held = connection.scalar(
            text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                "AND objid = :key AND granted"
            ),
            {"key": ADVISORY_KEY},
        )
    return bool(held)


def state(engine: Engine) -> tuple[int, int]:
    with session_scope(engine) as session:
        statements = session.scalar(select(func.count()).select_from(Statement)) or 0
        return current_revision(session), statements


def test_kill_9_during_an_import_leaves_the_previous_revision_and_a_retry_applies_once(
    databases: Databases, tmp_path: Path
) -> None:
    url = databases.url()
    document = big_document()
    with killable_process(tmp_path, database_url=url, max_body_bytes="50000000") as (
        base,
        process,
    ):
        engine = make_engine(url, pool_size=1)
        headers = {**api_key(engine), "Idempotency-Key": "long-article-1"}
        before = state(engine)

        def send() -> None:
            with pytest.raises(httpx.TransportError):
                httpx.post(
                    f"{base}/v1/imports", json=document, headers=headers, timeout=DEADLINE_SECONDS
                )

        sent = threading.Thread(target=send, daemon=True)
        sent.start()
        deadline = time.monotonic() + DEADLINE_SECONDS
        while not writing_now(engine):
            assert time.monotonic() < deadline, "the import never started writing"
            time.sleep(0.002)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        sent.join(DEADLINE_SECONDS)

    assert state(engine) == before

    with killable_process(tmp_path, database_url=url, max_body_bytes="50000000") as (
        base,
        _,
    ):
        first = httpx.post(
            f"{base}/v1/imports", json=document, headers=headers, timeout=DEADLINE_SECONDS
        )
        again = httpx.post(
            f"{base}/v1/imports", json=document, headers=headers, timeout=DEADLINE_SECONDS
        )
    # Over a real socket the body comes in the same reads as the head: a megabyte of
    # document is a body, not an oversized head (431).
    assert first.status_code == 201, first.text
    assert again.status_code == 201
    assert again.headers["idempotency-replayed"] == "true"
    assert again.content == first.content
    assert state(engine) == (before[0] + 1, before[1] + STATEMENTS)
    engine.dispose()
