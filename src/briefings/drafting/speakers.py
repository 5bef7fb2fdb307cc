"""Who says something: the actors named around a statement, persons first."""

from briefings.drafting.countries import countries
from briefings.drafting.records import Article, Drafted

SPEAKING = {"person", "name", "capital", "bloc", "organisation"}
# « les deux pays ont discuté »: the two countries the article is about.
BOTH = (
    "les deux pays",
    "les deux gouvernements",
    "les deux états",
    "les deux parties",
    "les deux capitales",
    "les deux délégations",
    "les deux dirigeants",
)


def main_countries(article: Article, actors: list[Drafted]) -> list[str]:
    """The two countries named most often (by name or capital), in order of first mention."""
    keys = {a.id for a in actors if a.fields["kind"] == "country"}
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for mention in article.mentions:
        if mention.key in keys and mention.how in ("name", "capital", "capital-place", "adjective"):
            counts[mention.key] = counts.get(mention.key, 0) + 1
            first.setdefault(mention.key, mention.start)
            first[mention.key] = min(first[mention.key], mention.start)
    top = sorted(counts, key=lambda k: -counts[k])[:2]
    return sorted(top, key=lambda k: first[k])


def speakers_in(
    article: Article, start: int, end: int, actors: list[Drafted], pair: list[str]
) -> list[str]:
    """Actors named between ``start`` and ``end``: the persons if any, else the
    countries and bodies; « les deux pays » stands for the article's two countries."""
    ids = {a.id for a in actors}
    found = [m for m in article.mentions_in(start, end, SPEAKING) if m.key in ids]
    people = [m.key for m in found if m.how == "person"]
    chosen = people or [m.key for m in found]
    if not chosen and any(both in article.text[start:end].lower() for both in BOTH):
        chosen = list(pair)
    unique: list[str] = []
    for key in chosen:
        if key not in unique:
            unique.append(key)
    return unique


def country_codes(article: Article, start: int, end: int) -> list[str]:
    """Countries named in a stretch of text (by name, capital or adjective), in order."""
    by_slug = {c.slug: c.code for c in countries().values()}
    codes: list[str] = []
    for mention in article.mentions_in(start, end):
        code = by_slug.get(mention.key)
        if code is not None and code not in codes:
            codes.append(code)
    return codes
