"""A live server and one chromium for the browser tests, with the network cut off.

Debian's ``chromium`` is driven by Playwright (no browser download). Without it the
browser tests skip, saying why, except in CI (``CI=true``), where they fail.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route

from browser import missing
from serving.live import serving

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
LOCAL = "127.0.0.1"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`briefings serve` on the seeds, in SQLite: the browser needs real sockets."""
    with serving(tmp_path_factory.mktemp("explorer")) as base:
        yield base


@dataclass
class Watched:
    """A page, what its console said in error, and every request for another host."""

    page: Page
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)


def watch(context: BrowserContext) -> Watched:
    page = context.new_page()
    watched = Watched(page)

    def only_local(route: Route) -> None:
        if urlsplit(route.request.url).hostname == LOCAL:
            route.continue_()
        else:
            watched.foreign.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page.on("console", lambda m: watched.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: watched.errors.append(str(error)))
    return watched


@pytest.fixture
def browser(chromium: Browser) -> Iterator[Watched]:
    context = chromium.new_context()
    yield watch(context)
    context.close()


@pytest.fixture
def without_script(chromium: Browser) -> Iterator[Watched]:
    context = chromium.new_context(java_script_enabled=False)
    yield watch(context)
    context.close()


@pytest.fixture
def phone(chromium: Browser) -> Iterator[Watched]:
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    yield watch(context)
    context.close()


@pytest.fixture
def audited(chromium: Browser) -> Iterator[Watched]:
    """A page into which the test may inject axe-core: the pages' content policy admits
    only their own scripts, so this context alone sets it aside."""
    if not AXE.exists():
        missing(f"{AXE} is missing (npm ci in tests/explorer/axe)")
    context = chromium.new_context(bypass_csp=True)
    yield watch(context)
    context.close()
