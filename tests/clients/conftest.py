"""One live server for the client tests: generated clients speak real HTTP."""

from collections.abc import Iterator

import httpx
import pytest

from serving.live import serving


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`briefings serve` on the curated seeds (an empty SQLite file it seeds itself)."""
    with serving(tmp_path_factory.mktemp("live")) as base:
        yield base


@pytest.fixture(scope="session")
def published(live: str) -> bytes:
    """The document as the live server publishes it."""
    return httpx.get(f"{live}/openapi.json").content
