"""/docs is Swagger UI served by the API itself: it renders in a browser with every
request to another host cut off, and "Try it out" with the examples finds data."""

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, ConsoleMessage, Page, Route

from serving.live import serving

# Swagger UI renders in well under a second; the machine may be busy.
RENDER_MS = 30_000
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(tmp_path_factory.mktemp("docs")) as url:
        yield url


@pytest.fixture
def page(chromium: Browser, base: str) -> Iterator[tuple[Page, list[str]]]:
    """A fresh page that aborts any request to another host, and the list of those."""
    elsewhere: list[str] = []
    ours = urlsplit(base).netloc

    def only_ours(route: Route) -> None:
        if urlsplit(route.request.url).netloc == ours:
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context = chromium.new_context()
    try:
        page = context.new_page()
        page.route("**/*", only_ours)
        yield page, elsewhere
    finally:
        context.close()


def console_errors(page: Page) -> list[str]:
    """Errors the page reports from now on: script errors, and what the console says is
    an error, which includes whatever the Content-Security-Policy refused."""
    errors: list[str] = []

    def logged(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", logged)
    return errors


def test_docs_render_offline(page: tuple[Page, list[str]], base: str) -> None:
    browser, elsewhere = page
    errors = console_errors(browser)
    browser.goto(f"{base}/docs")
    browser.locator(".swagger-ui .info .title").filter(has_text="briefings").wait_for(
        timeout=RENDER_MS
    )
    browser.locator("#operations-Search-search").wait_for(timeout=RENDER_MS)
    assert browser.locator(".opblock").count() >= 20
    assert elsewhere == []
    assert errors == []


def test_redoc_renders_offline(page: tuple[Page, list[str]], base: str) -> None:
    browser, elsewhere = page
    errors = console_errors(browser)
    browser.goto(f"{base}/docs/redoc")
    browser.locator("h1").filter(has_text="briefings").wait_for(timeout=RENDER_MS)
    browser.locator("[data-section-id='operation/listStatements']").wait_for(timeout=RENDER_MS)
    assert elsewhere == []
    # ReDoc's footer always shows its maker's logo from a CDN; the page's policy refuses
    # it before any request is made (and ReDoc then leaves the image out).
    refused = [error for error in errors if REDOC_LOGO in error and "Content Security" in error]
    assert errors == refused


# Operations of each kind, with what their answer to "Try it out" must show.
TRIED = [
    ("Search", "search", '"q": "kazakhstan"'),
    ("Statements", "listStatements", '"type": "statement"'),
    ("Places", "getPlace", '"id": "bishkek"'),
]


def test_try_it_out_with_the_examples_finds_data(page: tuple[Page, list[str]], base: str) -> None:
    browser, elsewhere = page
    browser.goto(f"{base}/docs")
    for tag, operation_id, expected in TRIED:
        operation = browser.locator(f"#operations-{tag}-{operation_id}")
        operation.locator(".opblock-summary").first.click(timeout=RENDER_MS)
        operation.locator(".try-out__btn").click(timeout=RENDER_MS)
        operation.locator(".execute").click()
        answer = operation.locator(".live-responses-table tbody .response-col_status").first
        answer.wait_for(timeout=RENDER_MS)
        assert answer.inner_text().strip() == "200", operation_id
        body = operation.locator(".live-responses-table .microlight").first.inner_text()
        assert expected in body, operation_id
        assert '"total": 0' not in body, operation_id
    assert elsewhere == []


def test_the_assets_are_the_pinned_swagger_ui() -> None:
    vendored = Path(__file__).parents[2] / "src/briefings/docs_ui/swagger-ui"
    assert (vendored / "LICENSE").read_text().lstrip().startswith("Apache License")
    assert '"version": "5.35.0"' in (vendored / "package.json").read_text()
    redoc = vendored.parent / "redoc"
    assert (redoc / "LICENSE").read_text().startswith("The MIT License")
    assert '"version": "2.5.4"' in (redoc / "package.json").read_text()


def test_the_assets_are_served_with_validators_and_nothing_else(client: TestClient) -> None:
    script = client.get("/docs/assets/swagger-ui-bundle.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    again = client.get(
        "/docs/assets/swagger-ui-bundle.js", headers={"If-None-Match": script.headers["ETag"]}
    )
    assert again.status_code == 304
    unknown = client.get("/docs/assets/LICENSE")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
