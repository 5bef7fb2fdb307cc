"""What every page's template is given: its language, its links, and the way out as bytes.

Links keep ``lang`` only when the reader chose it (``?lang=``): otherwise the browser's
``Accept-Language`` decides on every page, and URLs stay the API's own queries.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.responses import Response

from briefings.errors import ProblemError
from briefings.explorer.charts import amount, when
from briefings.explorer.language import (
    DEFAULT,
    LABELS,
    LANGUAGES,
    from_accept_language,
    value_word,
)
from briefings.explorer.paths import page_of
from briefings.kit.http import respond
from briefings.kit.params import Param, Query, choice
from briefings.resources import REGISTRY

HTML = "text/html; charset=utf-8"
HERE = Path(__file__).parent
TEMPLATES = Jinja2Templates(directory=HERE / "templates")
TEMPLATES.env.trim_blocks = True
TEMPLATES.env.lstrip_blocks = True
TEMPLATES.env.globals.update(
    collections={kind: resource.collection for kind, resource in REGISTRY.resources.items()},
    amount=amount,
    when=when,
    snippet=lambda text: Markup(text),  # the API escapes a snippet and adds only <mark>
)

LANG = Param(
    "lang",
    "Language of the page's labels: `en` or `fr` (default: the browser's Accept-Language).",
    {"type": "string", "enum": list(LANGUAGES)},
)


def humanize(slug: object) -> str:
    """A vocabulary value as words: ``in-progress`` reads ``in progress``."""
    return str(slug).replace("-", " ").replace("_", " ")


@dataclass(frozen=True)
class Page:
    """One page's language and the links it writes."""

    request: Request
    lang: str
    chosen: bool  # the reader asked for ``lang`` in the URL

    @property
    def other(self) -> str:
        return next(code for code in LANGUAGES if code != self.lang)

    def t(self, key: str) -> str:
        return LABELS[key][self.lang]

    def word(self, key: str) -> str:
        """A label when there is one (``speaker``), else the key as words."""
        return LABELS[key][self.lang] if key in LABELS else humanize(key)

    def value(self, value: object) -> str:
        """A vocabulary value (a kind, a status) in the page's language."""
        return value_word(value, self.lang)

    def loc(self, value: Mapping[str, str] | None) -> str:
        """The page's language of a ``{fr, en}`` text."""
        if not value:
            return ""
        return value.get(self.lang) or value.get(DEFAULT) or next(iter(value.values()), "")

    @property
    def root(self) -> str:
        """The path prefix a proxy serves the app under ('' for none): every link starts
        with it, as the API's own links do."""
        prefix: str = self.request.scope.get("root_path", "")
        return prefix

    @property
    def here(self) -> str:
        """This page's path, without the prefix."""
        path: str = self.request.scope["path"]
        return path

    def url(self, path: str, items: Iterable[tuple[str, str]] = ()) -> str:
        """A link to the explorer's ``path`` (or the API's), keeping a chosen language."""
        pairs = [(k, v) for k, v in items if k != "lang"]
        if self.chosen:
            pairs.append(("lang", self.lang))
        return self.root + path + ("?" + urlencode(pairs) if pairs else "")

    def page(self, href: str, items: Iterable[tuple[str, str]] = ()) -> str:
        """The explorer's page for an API ``href``."""
        return self.url(page_of(href), items)

    def switch(self) -> str:
        """This page in the other language."""
        pairs = [(k, v) for k, v in self.request.query_params.multi_items() if k != "lang"]
        pairs.append(("lang", self.other))
        return self.root + self.here + "?" + urlencode(pairs)


def page_for(request: Request, allowed: Sequence[Param] = ()) -> tuple[Page, Query]:
    """The page's language, and its query checked against ``lang`` and ``allowed``
    (a 400 names anything else); call ``check()`` on the query once it is read."""
    query = Query(request, [LANG, *allowed])
    chosen = query.parsed("lang", choice(LANGUAGES))
    if chosen:
        return Page(request, chosen[0], True), query
    header = request.headers.get("accept-language", "")
    return Page(request, from_accept_language(header), False), query


def render(page: Page, template: str, status: int = 200, **context: Any) -> Response:
    """The page as bytes with its ETag (a 304 when the reader has them), its language
    said, and varying on what chose it."""
    body = TEMPLATES.get_template(template).render(page=page, **context)
    headers = {"Vary": "Accept, Accept-Language", "Content-Language": page.lang}
    return respond(page.request, body.encode(), HTML, headers, status_code=status)


def render_problem(page: Page, problem: ProblemError) -> Response:
    """An API problem (a bad parameter, an unknown id, a timeout) as a page."""
    answer = render(page, "error.html", problem.status, problem=problem)
    answer.headers.update(problem.headers)
    return answer
