"""The explorer in a real browser (Debian's chromium), against a live server, offline.

Every request for another host is aborted and recorded: a page passes only if it made
none, and its console stayed free of errors.
"""

from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from explorer.conftest import AXE, Watched
from explorer.reading import BRIEFING, KARASU, KARASU_SENTENCE, SOURCE

SOURCE_PAGE = f"/sources/{SOURCE}"
PAGES = [
    "/",
    "/?lang=fr",
    SOURCE_PAGE,
    f"{SOURCE_PAGE}?lang=fr",
    f"/briefings/{BRIEFING}",
    "/statements",
    "/projects?country=KG",
    "/figures",
    "/projects/karasu-logistics-complex",
    "/search?q=eau",
]
AUDITED = ["/", SOURCE_PAGE, f"/briefings/{BRIEFING}", "/statements", "/figures", "/search?q=eau"]
BLOCKING = {"serious", "critical"}


def visit(watched: Watched, url: str) -> None:
    answer = watched.page.goto(url)
    assert answer is not None
    assert answer.status == 200, url


def clean(watched: Watched) -> None:
    assert watched.errors == []
    assert watched.foreign == []


@pytest.mark.parametrize("path", PAGES)
def test_every_page_loads_without_errors_or_other_hosts(
    live: str, browser: Watched, path: str
) -> None:
    visit(browser, live + path)
    browser.page.wait_for_load_state("load")

    expect(browser.page.locator("main h1")).to_be_visible()
    clean(browser)


def test_choosing_the_karasu_sentence_shows_the_karasu_project(live: str, browser: Watched) -> None:
    page = browser.page
    visit(browser, live + SOURCE_PAGE)
    page.evaluate("window.unchanged = true")

    page.locator("a.hl", has_text=KARASU_SENTENCE).first.click()

    expect(page.locator("#selection .chosen")).to_contain_text(KARASU)
    expect(page.locator("a.hl.on", has_text=KARASU_SENTENCE)).to_have_count(1)
    # The script answered in the page (no reload), and the address can be shared.
    assert page.evaluate("window.unchanged") is True
    assert "at=" in page.url
    clean(browser)


def test_choosing_a_record_highlights_its_words(live: str, browser: Watched) -> None:
    page = browser.page
    visit(browser, live + SOURCE_PAGE)

    page.locator("#r-project-karasu-logistics-complex a.show").click()

    lit = page.locator("a.hl.on")
    expect(lit.first).to_be_focused()
    texts = lit.all_inner_texts()
    assert texts[0].startswith(KARASU_SENTENCE)
    assert any("marchés eurasiens" in text for text in texts)
    expect(page.locator("#selection .chosen h3")).to_have_text([KARASU])
    clean(browser)


def test_without_script_a_highlight_is_a_link_to_its_records(
    live: str, without_script: Watched
) -> None:
    page = without_script.page
    visit(without_script, live + SOURCE_PAGE)

    page.locator("a.hl", has_text=KARASU_SENTENCE).first.click()

    page.wait_for_url("**at=*")
    expect(page.locator("#selection .chosen")).to_contain_text(KARASU)
    clean(without_script)


def test_a_facet_link_narrows_the_list_to_the_api_s_total(live: str, browser: Watched) -> None:
    page = browser.page
    visit(browser, live + "/statements")
    everything = int(page.locator("#total .count").inner_text())

    page.locator("a.facet-link", has_text="commitment").click()

    page.wait_for_url("**/statements?kind=commitment")
    shown = int(page.locator("#total .count").inner_text())
    api = httpx.get(f"{live}/v1/statements?kind=commitment").json()
    assert shown == api["meta"]["total"] < everything
    expect(page.locator(".records .card")).to_have_count(shown)
    clean(browser)


def test_a_phone_reads_the_article_without_scrolling_sideways(live: str, phone: Watched) -> None:
    visit(phone, live + SOURCE_PAGE)

    overflow = phone.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")

    assert overflow <= 0
    clean(phone)


@pytest.mark.parametrize("path", AUDITED)
def test_axe_finds_no_serious_accessibility_violation(
    live: str, audited: Watched, path: str
) -> None:
    page = audited.page
    visit(audited, live + path)
    page.add_script_tag(path=str(AXE))

    results: dict[str, Any] = page.evaluate("axe.run(document, {resultTypes: ['violations']})")

    blocking = [
        (v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3])
        for v in results["violations"]
        if v["impact"] in BLOCKING
    ]
    assert blocking == []
    clean(audited)
