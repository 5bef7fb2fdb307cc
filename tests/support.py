"""What the tests share: databases on each backend and a client of the served app.

Every backend test runs on SQLite, and on PostgreSQL when
BRIEFINGS_TEST_POSTGRES_URL is set (.ci/run sets it).

Each PostgreSQL database a test asks for lives in a schema of its own, so runs never
see each other's tables and nothing needs cleaning between tests.
"""

import os
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from briefings import migrations
from briefings.config import PROJECT_ROOT, Settings
from briefings.db import make_engine
from briefings.lifecycle import seed
from briefings.serving.server import create_server

POSTGRES_URL = os.environ.get("BRIEFINGS_TEST_POSTGRES_URL")
SEEDS_DIR = PROJECT_ROOT / "seeds"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


class Databases:
    """Makes empty databases on one backend and drops them at the end of the run."""

    def __init__(self, backend: str, tmp: Path) -> None:
        self.backend = backend
        self.tmp = tmp
        self.engines: list[Engine] = []
        self.schemas: list[str] = []

    def url(self) -> str:
        if self.backend == "sqlite":
            return f"sqlite:///{self.tmp / f'{uuid.uuid4().hex}.db'}"
        assert POSTGRES_URL is not None
        schema = f"t_{uuid.uuid4().hex[:16]}"
        admin = create_engine(POSTGRES_URL)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
        self.schemas.append(schema)
        url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    def empty(self) -> Engine:
        engine = make_engine(self.url())
        self.engines.append(engine)
        return engine

    def migrated(self) -> Engine:
        engine = self.empty()
        migrations.upgrade(engine)
        return engine

    def seeded(self, folder: Path = SEEDS_DIR) -> Engine:
        engine = self.migrated()
        seed(engine, folder)
        return engine

    def close(self) -> None:
        for engine in self.engines:
            engine.dispose()
        if self.schemas and POSTGRES_URL is not None:
            admin = create_engine(POSTGRES_URL)
            with admin.begin() as connection:
                for schema in self.schemas:
                    connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            admin.dispose()


def make_client(engine: Engine, **settings: object) -> TestClient:
    app = create_server(Settings(database_url=str(engine.url), **settings), engine=engine)  # type: ignore[arg-type]
    return TestClient(app, raise_server_exceptions=False)
