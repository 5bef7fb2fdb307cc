"""The explorer's pages as a browser gets them, in process, on each backend.

What the pages show is what the API answers: these tests ask both and compare.
"""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from briefings.config import Settings
from briefings.serving.server import Server, create_server
from explorer.reading import BRIEFING, BROWSER, KARASU, KARASU_SENTENCE, SOURCE, read

SOURCE_PAGE = f"/sources/{SOURCE}"
PAGES = [
    "/",
    SOURCE_PAGE,
    f"/briefings/{BRIEFING}",
    "/briefings",
    "/sources",
    "/statements",
    "/projects",
    "/figures",
    "/actors",
    "/places",
    "/visits",
    "/cooperation-areas",
    "/statements/nurtleu-trade-quote",
    "/projects/karasu-logistics-complex",
    "/actors/murat-nurtleu",
    "/places/bishkek",
    "/cooperation-areas/water",
    "/figures/kz-kg-trade-2024",
    "/search",
    "/search?q=karasu",
]
PAGE_LIMIT_BYTES = 100_000


@pytest.fixture(scope="module")
def server(seeded_engine: Engine) -> Server:
    return create_server(Settings(database_url=str(seeded_engine.url)), seeded_engine)


@pytest.fixture(scope="module")
def browser(server: Server) -> TestClient:
    return TestClient(server, headers=BROWSER, follow_redirects=False)


def every_annotation(client: TestClient) -> list[dict[str, Any]]:
    document = client.get(f"/v1/sources/{SOURCE}/annotations?limit=500").json()
    items: list[dict[str, Any]] = document["first"]["items"]
    assert document["total"] == len(items)
    return items


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_html_under_100_kb_with_an_etag(browser: TestClient, path: str) -> None:
    answer = browser.get(path)

    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert len(answer.content) < PAGE_LIMIT_BYTES
    assert answer.headers["etag"]
    again = browser.get(path, headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304


def test_pages_are_kept_by_the_response_cache(browser: TestClient, server: Server) -> None:
    first = browser.get(SOURCE_PAGE + "?lang=fr")
    second = browser.get(SOURCE_PAGE + "?lang=fr")

    # The test client asks for Brotli, gzip or deflate: the page is kept in Brotli.
    assert (SOURCE_PAGE, b"lang=fr", "html:en", b"", "br", "") in server.cache.entries
    assert second.content == first.content
    assert second.headers["etag"] == first.headers["etag"]


class Seen:
    """A step in front of the cache, as a limit or a metrics counter would be."""

    def __init__(self, app: ASGIApp, paths: list[tuple[str, int]]) -> None:
        self.app = app
        self.paths = paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def seen(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.paths.append((scope["path"], message["status"]))
            await send(message)

        await self.app(scope, receive, seen)


def test_pages_pass_the_steps_even_when_replayed(seeded_engine: Engine) -> None:
    paths: list[tuple[str, int]] = []
    server = create_server(
        Settings(database_url=str(seeded_engine.url)),
        seeded_engine,
        steps=[lambda app: Seen(app, paths)],
    )
    client = TestClient(server, headers=BROWSER)

    first = client.get("/statements")
    client.get("/statements")
    client.get("/statements", headers={"If-None-Match": first.headers["etag"]})
    client.get("/statements?kind=rumour")

    assert paths == [
        ("/statements", 200),
        ("/statements", 200),
        ("/statements", 304),
        ("/statements", 400),
    ]
    assert first.headers["x-request-id"]


def test_a_client_not_asking_for_html_is_sent_to_the_api(browser: TestClient) -> None:
    # The browser's page is cached first: it must not be replayed to the others.
    assert browser.get("/").status_code == 200
    for accept in ("application/json", "*/*", ""):
        answer = browser.get("/", headers={"Accept": accept})
        assert answer.status_code == 307
        assert answer.headers["location"] == "/v1"


@pytest.mark.parametrize("path", ["/", SOURCE_PAGE, "/statements?kind=commitment", "/search?q=eau"])
def test_behind_a_path_prefix_every_link_keeps_it(seeded_engine: Engine, path: str) -> None:
    # A server of its own: this one's response cache has seen no request without a prefix.
    server = create_server(Settings(database_url=str(seeded_engine.url)), seeded_engine)
    prefixed = TestClient(server, headers=BROWSER, root_path="/briefings")

    page = read(prefixed.get(path).text)

    local = [href for href, _ in page.links if href.startswith("/")]
    assert local
    assert [href for href in local if not href.startswith("/briefings/")] == []


def test_the_home_page_shows_the_briefing_and_its_source(browser: TestClient) -> None:
    answer = browser.get("/")

    assert "Kazakhstan and Kyrgyzstan strengthen cooperation" in answer.text
    assert f'href="/briefings/{BRIEFING}"' in answer.text
    assert f'href="/sources/{SOURCE}"' in answer.text


def test_labels_follow_accept_language_and_the_lang_link(browser: TestClient) -> None:
    french = browser.get("/statements", headers={"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.5"})
    english = browser.get("/statements", headers={"Accept-Language": "de, en;q=0.5"})
    chosen = browser.get("/statements?lang=en", headers={"Accept-Language": "fr"})

    assert french.headers["content-language"] == "fr"
    assert "<h1>Déclarations</h1>" in french.text
    assert 'href="/statements?lang=en"' in french.text
    assert english.headers["content-language"] == "en"
    assert "<h1>Statements</h1>" in english.text
    assert chosen.headers["content-language"] == "en"
    assert "<h1>Statements</h1>" in chosen.text
    # A reader's choice is kept by the page's links.
    assert 'href="/projects?lang=en"' in chosen.text


def test_the_source_page_highlights_every_evidence_span(browser: TestClient) -> None:
    source = browser.get(f"/v1/sources/{SOURCE}").json()["data"]
    page = read(browser.get(SOURCE_PAGE).text)

    highlighted = {at for h in page.highlights for at in range(h.start, h.end)}
    for annotation in every_annotation(browser):
        position = annotation["target"]["selector"][1]
        cited = set(range(position["start"], position["end"]))
        # Every character but white space is a highlight to choose (a space between two
        # highlights is coloured, but is no link: it would have no name to read out).
        words = {at for at in cited if not source["text"][at].isspace()}
        assert words <= highlighted, annotation["id"]
    for highlight in page.highlights:
        assert source["text"][highlight.start : highlight.end] == highlight.text


def test_the_source_page_names_every_record_its_spans_support(browser: TestClient) -> None:
    page = read(browser.get(SOURCE_PAGE).text)

    cited = {a["body"]["id"] for a in every_annotation(browser)}
    shown = {i for h in page.highlights for i in h.records}
    assert len(shown) == len(cited)


def test_following_the_karasu_highlight_without_script_shows_the_project(
    browser: TestClient,
) -> None:
    page = read(browser.get(SOURCE_PAGE).text)
    karasu = next(h for h in page.highlights if h.text.startswith(KARASU_SENTENCE))
    link = f"{SOURCE_PAGE}?at={karasu.start}"

    chosen = read(browser.get(link).text)

    assert KARASU in chosen.selected
    assert all(h.on == bool(set(h.records) & set(karasu.records)) for h in chosen.highlights)


def test_choosing_a_record_highlights_its_words(browser: TestClient) -> None:
    project = browser.get("/v1/projects/karasu-logistics-complex").json()["data"]

    page = read(browser.get(f"{SOURCE_PAGE}?record=project:karasu-logistics-complex").text)

    lit = {at for h in page.highlights if h.on for at in range(h.start, h.end)}
    spans = {at for e in project["evidence"] for at in range(e["start"], e["end"])}
    assert lit == spans
    assert page.selected == [KARASU]


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        (f"{SOURCE_PAGE}?at=first", "at"),
        (f"{SOURCE_PAGE}?record=karasu", "record"),
        (f"{SOURCE_PAGE}?colour=red", "colour"),
        ("/statements?kind=rumour", "kind"),
        ("/statements?lang=de", "lang"),
        ("/search?q=%20", "q"),
    ],
)
def test_a_bad_parameter_is_a_400_page_naming_it(
    browser: TestClient, path: str, parameter: str
) -> None:
    answer = browser.get(path)

    assert answer.status_code == 400
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert f"<code>{parameter}</code>" in answer.text


def test_an_unknown_record_is_a_404_page(browser: TestClient) -> None:
    answer = browser.get("/projects/no-such-project")

    assert answer.status_code == 404
    assert "no project with id &#39;no-such-project&#39;" in answer.text


def test_a_facet_link_narrows_the_list_to_the_api_s_total(browser: TestClient) -> None:
    page = read(browser.get("/statements").text)
    facet = next(href for href, _ in page.links if href == "/statements?kind=commitment")

    narrowed = browser.get(facet)

    api = browser.get("/v1/statements?kind=commitment").json()
    assert f'data-total="{api["meta"]["total"]}"' in narrowed.text
    assert narrowed.text.count('class="card statement"') == api["meta"]["total"]


def test_a_list_links_the_same_question_as_json_and_csv(browser: TestClient) -> None:
    page = read(browser.get("/projects?country=KG&lang=fr").text)
    hrefs = [href for href, _ in page.links]

    json_link = next(h for h in hrefs if h.startswith("/v1/projects?"))
    assert json_link.startswith("/v1/projects?country=KG&facet=status")
    assert f"{json_link}&format=csv" in hrefs
    assert browser.get(json_link).json()["meta"]["total"] == 7


def test_pages_follow_the_api_s_cursor(browser: TestClient) -> None:
    page = read(browser.get("/statements?limit=5").text)
    following = next(href for href, _ in page.links if "cursor=" in href)

    api = browser.get("/v1/statements?limit=5").json()
    assert following.startswith("/statements?limit=5&cursor=")
    assert following.split("cursor=")[1] == api["links"]["next"].split("cursor=")[1]
    second = browser.get(following)
    assert second.status_code == 200
    api_second = browser.get(api["links"]["next"]).json()
    assert f'id="r-statement-{api_second["data"][0]["id"]}"' in second.text


def test_the_trade_figures_are_drawn_against_the_target(browser: TestClient) -> None:
    answer = browser.get(f"/briefings/{BRIEFING}?lang=en")

    chart = answer.text[answer.text.index("<svg") : answer.text.index("</svg>")]
    assert "Kazakhstan\u2013Kyrgyzstan bilateral trade" in chart
    assert "2024 · actual" in chart
    assert "1.7 billion USD" in chart
    assert "in the coming years · target" in chart
    assert "3 billion USD" in chart


def test_the_search_page_shows_the_api_s_hits(browser: TestClient) -> None:
    answer = browser.get("/search?q=karasu")

    api = browser.get("/v1/search?q=karasu").json()
    assert 'href="/projects/karasu-logistics-complex"' in answer.text
    assert answer.text.count("<mark>") >= len(api["data"])


def test_pages_may_load_only_their_own_assets(browser: TestClient) -> None:
    page = browser.get("/")
    data = browser.get("/v1/places")

    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert data.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert browser.get("/static/explorer.css").headers["content-type"].startswith("text/css")
