"""From an article's text to a draft: every extractor in turn, then ids made unique and
matched against the records an editor already has."""

import datetime as dt
import hashlib
import time
from typing import Any

from briefings.catalog import RecordType
from briefings.drafting.actors import find_bodies, find_countries, find_people
from briefings.drafting.areas import find_areas
from briefings.drafting.article import check_text
from briefings.drafting.figures import find_figures
from briefings.drafting.pipeline import entities, load_pipeline
from briefings.drafting.places import find_places
from briefings.drafting.projects import find_projects
from briefings.drafting.quotes import find_quotes
from briefings.drafting.records import Article, Drafted
from briefings.drafting.reference import Reference
from briefings.drafting.reported import find_reported
from briefings.drafting.source import source_id_for, source_record
from briefings.drafting.spans import sentences
from briefings.drafting.speakers import main_countries
from briefings.drafting.visits import find_visits
from briefings.resources import REGISTRY

# The seed file's collections in its order, from the catalogue (what a record references
# comes before it), but briefings: a briefing sums up several articles, never one draft.
COLLECTIONS = tuple(
    resource.seed.collection
    for resource in REGISTRY.resources.values()
    if resource.seed is not None and resource.type != RecordType.BRIEFING
)
# Fields holding ids of other records: (collection the id belongs to, field).
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "visits": (("actors", "visitor"), ("actors", "counterparts"), ("places", "place")),
    "statements": (
        ("actors", "speakers"),
        ("visits", "visit"),
        ("actors", "reported_by"),
        ("cooperation_areas", "areas"),
    ),
    "projects": (("places", "place"), ("cooperation_areas", "areas")),
    "figures": (("cooperation_areas", "areas"),),
}


def draft_article(
    text: str,
    *,
    file_name: str,
    source_id: str | None = None,
    published: dt.date | None = None,
    reference: Reference | None = None,
) -> dict[str, Any]:
    """The draft of one article.

    ``document`` is a seed file's content (valid by construction next to the article in
    the seeds folder ``reference`` was read from); ``records`` gives each record's
    confidence and the rule that drafted it; ``reused`` the existing records it names
    instead of repeating; ``notes`` what was seen but left out; ``seconds`` how the time
    split between loading the model and drafting.
    """
    check_text(text)
    reference = reference or Reference()
    started = time.perf_counter()
    load_pipeline()
    loaded = time.perf_counter()
    source_id = source_id or source_id_for(file_name)
    found = sentences(text)
    article = Article(text, found, entities(text), published)
    actors = find_countries(article) + find_bodies(article) + find_people(article)
    places = find_places(article)
    areas = find_areas(article)
    pair = main_countries(article, actors)
    quotes, notes = find_quotes(article, actors, pair)
    reported = find_reported(article, actors, pair, quotes)
    visits, visit_notes = find_visits(article, actors, places)
    _link_visits(quotes + reported, visits)
    codes = [a.fields["country"] for a in actors if a.id in pair]
    figures = find_figures(article, pair)
    projects = find_projects(article, codes)
    records = areas + actors + places + visits + quotes + reported + projects + figures
    reused = _settle_ids(records, reference)
    kept = [r for r in records if r.id not in reused.get(r.collection, {})]
    document: dict[str, Any] = {
        "source": source_record(text, file_name, source_id, published, found[0]),
    }
    for record in kept:
        # ``text_occurrence: null`` says nothing: only repeated words need one.
        for name in [k for k in record.fields if k.endswith("_occurrence")]:
            if record.fields[name] is None:
                del record.fields[name]
    for collection in COLLECTIONS:
        document[collection] = [r.fields for r in kept if r.collection == collection]
    return {
        "document": document,
        "records": [
            {
                "collection": r.collection,
                "id": r.id,
                "confidence": round(r.confidence, 2),
                "why": r.why,
            }
            for r in kept
        ],
        "reused": [
            {"collection": collection, "id": new, "file": reference.files.get(new)}
            for collection, ids in reused.items()
            for new in sorted(set(ids.values()))
        ],
        "notes": notes + visit_notes,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "seconds": {
            "model_load": round(loaded - started, 3),
            "drafting": round(time.perf_counter() - loaded, 3),
        },
    }


def _link_visits(statements: list[Drafted], visits: list[Drafted]) -> None:
    """A statement by a visit's visitor or counterpart belongs to it (one visit only)."""
    if len(visits) != 1:
        return
    visit = visits[0].fields
    people = {visit["visitor"], *visit["counterparts"]}
    for statement in statements:
        if set(statement.fields["speakers"]) & people:
            statement.fields["visit"] = visit["id"]
            statement.fields["date"] = visit["date"]


def _settle_ids(records: list[Drafted], reference: Reference) -> dict[str, dict[str, str]]:
    """Unique ids per collection, existing ids for records the reference holds; returns
    the reused ones (collection -> draft id -> existing id) and rewrites references."""
    renamed: dict[str, dict[str, str]] = {}
    reused: dict[str, dict[str, str]] = {}
    taken: dict[str, set[str]] = {c: set(ids) for c, ids in reference.ids.items()}
    for record in records:
        old = record.id
        existing = reference.find(record.collection, record.names, old)
        if existing is not None:
            reused.setdefault(record.collection, {})[old] = existing
            renamed.setdefault(record.collection, {})[old] = existing
            continue
        used = taken.setdefault(record.collection, set())
        new, n = old, 1
        while new in used:
            n += 1
            new = f"{old}-{n}"
        used.add(new)
        record.fields["id"] = new
        renamed.setdefault(record.collection, {})[old] = new
    for record in records:
        for target, name in REFERENCES.get(record.collection, ()):
            value = record.fields.get(name)
            table = renamed.get(target, {})
            if isinstance(value, list):
                record.fields[name] = list(dict.fromkeys(table.get(v, v) for v in value))
            elif isinstance(value, str):
                record.fields[name] = table.get(value, value)
    return reused
