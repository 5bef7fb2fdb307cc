"""Fixtures for the suite; the helpers they use live in ``support``."""

import os
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

if TYPE_CHECKING:
    from playwright.sync_api import Browser

from support import BACKENDS, POSTGRES_URL, Databases, make_client, release_connections


def pytest_configure(config: pytest.Config) -> None:
    """Where Python may not write bytecode (PYTHONDONTWRITEBYTECODE), every process the
    suite starts (xdist workers, `briefings serve`, the CLI) compiled every module again:
    3 s of CPU a start against 1.3 s. The run keeps that bytecode in pytest's own cache
    folder instead, never next to the sources."""
    if not sys.dont_write_bytecode or os.environ.get("PYTHONPYCACHEPREFIX"):
        return
    prefix = str(config.rootpath / ".pytest_cache" / "pycache")
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = prefix
    sys.dont_write_bytecode = False
    sys.pycache_prefix = prefix


@pytest.fixture(autouse=True)
def released() -> Iterator[None]:
    """Each test's database connections and listeners end with it: the suite makes
    hundreds of engines, and PostgreSQL takes 100 clients."""
    yield
    release_connections()


@pytest.fixture(scope="session", params=BACKENDS)
def databases(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Databases]:
    """One factory per backend; tests that take it run once per backend."""
    backend: str = request.param
    if backend == "postgres" and POSTGRES_URL is None:
        pytest.skip("BRIEFINGS_TEST_POSTGRES_URL is not set")
    factory = Databases(backend, tmp_path_factory.mktemp(backend))
    yield factory
    factory.close()


@pytest.fixture(scope="session")
def seeded_engine(databases: Databases) -> Engine:
    """The curated seeds, loaded once per backend; tests must not write to it."""
    return databases.seeded()


@pytest.fixture(scope="session")
def client(seeded_engine: Engine) -> TestClient:
    """A client of the API over the seeded database, on each backend."""
    return make_client(seeded_engine)


@pytest.fixture(scope="module")
def chromium() -> Iterator["Browser"]:
    """Debian's chromium for a module's browser tests (browser.chromium says why a module)."""
    from browser import chromium as launched  # Playwright, only where a browser is used

    with launched() as browser:
        yield browser


@pytest.fixture
def client_factory() -> Callable[..., TestClient]:
    return make_client
