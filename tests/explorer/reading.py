"""Reading an explorer page as a test needs to: its highlights, links and counts."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
SOURCE = "kazakhstan-kyrgyzstan-2025-08-01"
BRIEFING = "kazakhstan-kyrgyzstan-nurtleu-visit-2025-08-01"
KARASU_SENTENCE = "Parmi les projets structurants en cours figure la création"
KARASU = "Karasu border industrial logistics complex"


@dataclass
class Highlight:
    start: int
    records: list[int]
    on: bool
    text: str = ""

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class Page(HTMLParser):
    """The highlights of a source page (``a.hl``), every link, and the cards shown in the
    selection panel (their headings)."""

    highlights: list[Highlight] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, class)
    selected: list[str] = field(default_factory=list)
    _open: Highlight | None = None
    _depth_in_selection: int = 0
    _in_heading: bool = False

    def __post_init__(self) -> None:
        super().__init__()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        classes = found.get("class", "").split()
        if tag == "aside" and found.get("id") == "selection":
            self._depth_in_selection = 1
        elif self._depth_in_selection and tag == "aside":
            self._depth_in_selection += 1
        if tag == "h3" and self._depth_in_selection:
            self._in_heading = True
            self.selected.append("")
        if tag == "a":
            self.links.append((found.get("href", ""), found.get("class", "")))
            if "hl" in classes:
                at = parse_qs(urlsplit(found["href"]).query)["at"][0]
                records = [int(i) for i in found["data-r"].split()]
                self._open = Highlight(int(at), records, "on" in classes)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.highlights.append(self._open)
            self._open = None
        if tag == "h3":
            self._in_heading = False
        if tag == "aside" and self._depth_in_selection:
            self._depth_in_selection -= 1

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.text += data
        if self._in_heading:
            self.selected[-1] += data


def read(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page
