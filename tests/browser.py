"""What the tests that need a browser or node share: Debian's chromium driven by
Playwright (which downloads no browser of its own), and one rule for what is missing."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")


def missing(what: str) -> None:
    """Fails in CI, where .ci/run installs everything the suite needs; skips elsewhere."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} (CI installs it: see .ci/run)")
    pytest.skip(what)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Chromium, for a test module: Playwright's synchronous API marks its event loop as
    running in this thread until it stops, and later tests run loops of their own."""
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} is not installed (Debian's chromium package)")
    with sync_playwright() as playwright:
        # The sandbox needs user namespaces, which CI's root container does not give.
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()
