"""A stored record as its seed input: what a seed file would say to write it again.

The mirror of ``seeding/records.py``, derived from the same declarations: a column fills
its same-named field, an ``x_fr``/``x_en`` pair a localized one, link rows a list,
evidence a list of quotes (with ``occurrence`` where the words occur more than once).
A JSON Merge Patch applies to this form, so a client patches what it would write.
"""

import datetime as dt
from functools import cache
from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, select
from sqlalchemy.orm import Session

from briefings.kit.resource import Resource
from briefings.models import Evidence, Source
from briefings.seeding.quotes import occurrences

# Each statement built once, its values parameters: a record write reads its seed form
# with every one of them (``Resource.by_id`` says why).


@cache
def _source_texts() -> Select[Any]:
    sources = cast(Table, Source.__table__)
    return select(sources.c.id, sources.c.text).where(
        sources.c.id.in_(bindparam("ids", expanding=True))
    )


@cache
def _spans() -> Select[Any]:
    evidence = cast(Table, Evidence.__table__)
    return (
        select(evidence.c.source_id, evidence.c.start, evidence.c.text)
        .where(
            evidence.c.record_type == bindparam("record_type"),
            evidence.c.record_id == bindparam("record_id"),
        )
        .order_by(evidence.c.position)
    )


@cache
def _linked(table: Table, column: str) -> Select[Any]:
    return (
        select(table.c[column])
        .where(table.c.record_id == bindparam("record_id"))
        .order_by(table.c.position)
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _texts(session: Session, source_ids: set[str]) -> dict[str, str]:
    rows = session.execute(_source_texts(), {"ids": sorted(source_ids)})
    return {str(row[0]): str(row[1]) for row in rows}


def first_source(session: Session, record_type: str, record_id: str) -> str | None:
    """The source the record's first quote is in; None for a record without evidence."""
    span = session.execute(_spans(), {"record_type": record_type, "record_id": record_id}).first()
    return None if span is None else str(span.source_id)


def evidence_quotes(
    session: Session, record_type: str, record_id: str, texts: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """The record's evidence as quotes; ``texts`` keeps the source texts read, by id."""
    spans = session.execute(_spans(), {"record_type": record_type, "record_id": record_id}).all()
    texts = {} if texts is None else texts
    if missing := {span.source_id for span in spans} - texts.keys():
        texts.update(_texts(session, missing))
    quotes: list[dict[str, Any]] = []
    for span in spans:
        quote: dict[str, Any] = {"quote": span.text, "source": span.source_id}
        starts = occurrences(texts.get(span.source_id, ""), span.text)
        if len(starts) > 1 and span.start in starts:
            quote["occurrence"] = starts.index(span.start) + 1
        quotes.append(quote)
    return quotes


def input_form(session: Session, resource: Resource, record_id: str) -> dict[str, Any] | None:
    """The record as its seed input model's fields, or None when it is not stored."""
    seed = resource.seed
    assert seed is not None
    table = resource.table
    found = resource.row(session, record_id)
    if found is None:
        return None
    row = found._mapping
    references = {ref.field: ref for ref in resource.references}
    links = {link.field: link for link in resource.links}
    texts: dict[str, str] = {}
    form: dict[str, Any] = {}
    for name in seed.model.model_fields:
        if name == "evidence":
            form[name] = evidence_quotes(session, resource.type, record_id, texts)
        elif name in links:
            link = links[name]
            form[name] = list(
                session.scalars(_linked(link.table, link.column), {"record_id": record_id})
            )
        elif name in references:
            form[name] = row[references[name].column.key]
        elif f"{name}_fr" in table.c:
            fr, en = row[f"{name}_fr"], row[f"{name}_en"]
            form[name] = None if fr is None and en is None else {"fr": fr, "en": en}
        elif name in table.c:
            form[name] = _plain(row[name])
    for name, ref in references.items():
        # A reference that repeats the first of a list of the same records (a statement's
        # deprecated single `speaker`) is derived from the list, not written beside it.
        if form.get(name) is not None and any(
            link.record_type == ref.record_type
            and (form.get(link.field) or [None])[0] == form[name]
            for link in resource.links
        ):
            form.pop(name, None)
    for field in seed.verbatim:
        words = form.get(field)
        quotes = form.get("evidence") or []
        source = quotes[0]["source"] if quotes else None
        if isinstance(words, str) and source is not None:
            if source not in texts:
                texts.update(_texts(session, {source}))
            starts = occurrences(texts.get(source, ""), words)
            if len(starts) > 1:
                form[f"{field}_occurrence"] = 1
    return {key: value for key, value in form.items() if value is not None or key == "id"}


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396: objects merge member by member, null removes, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged
