"""Screenshots of the explorer for the README, taken in Debian's chromium by Playwright.

    uv run briefings serve &
    uv run python -m briefings.explorer.screenshots [BASE_URL] [FOLDER]

Writes ``explorer-source.png`` (the seed article with a highlight chosen) and
``explorer-list.png`` (projects narrowed by a facet) into FOLDER (``docs/``).
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from briefings.config import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
SOURCE = "/sources/kazakhstan-kyrgyzstan-2025-08-01?lang=en"
LIST = "/projects?country=KG&lang=en"
KARASU = "Parmi les projets structurants"


def take(base: str, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(base + SOURCE)
        page.locator("a.hl", has_text=KARASU).first.click()
        page.locator("#selection .card").first.wait_for()
        page.locator("a.hl", has_text=KARASU).first.scroll_into_view_if_needed()
        written.append(folder / "explorer-source.png")
        page.screenshot(path=written[-1])
        page.goto(base + LIST)
        written.append(folder / "explorer-list.png")
        page.screenshot(path=written[-1])
        browser.close()
    return written


def main() -> None:
    base = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else PROJECT_ROOT / "docs"
    for path in take(base, folder):
        print(path)


if __name__ == "__main__":
    main()
