"""A stored record as its seed input: what a seed file would say to write it again.

The mirror of ``seeding/records.py``, derived from the same declarations: a column fills
its same-named field, an ``x_fr``/``x_en`` pair a localized one, link rows a list,
evidence a list of quotes (with ``occurrence`` where the words occur more than once).
A JSON Merge Patch applies to this form, so a client patches what it would write.
"""

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from briefings.kit.resource import Resource
from briefings.models import Evidence, Source
from briefings.seeding.quotes import occurrences


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _texts(session: Session, source_ids: set[str]) -> dict[str, str]:
    rows = session.execute(select(Source.id, Source.text).where(Source.id.in_(source_ids)))
    return {str(row[0]): str(row[1]) for row in rows}


def evidence_quotes(session: Session, record_type: str, record_id: str) -> list[dict[str, Any]]:
    spans = session.execute(
        select(Evidence.source_id, Evidence.start, Evidence.text)
        .where(Evidence.record_type == record_type, Evidence.record_id == record_id)
        .order_by(Evidence.position)
    ).all()
    texts = _texts(session, {span.source_id for span in spans})
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
    row = session.execute(select(table).where(table.c.id == record_id)).mappings().first()
    if row is None:
        return None
    references = {ref.field: ref for ref in resource.references}
    links = {link.field: link for link in resource.links}
    form: dict[str, Any] = {}
    for name in seed.model.model_fields:
        if name == "evidence":
            form[name] = evidence_quotes(session, resource.type, record_id)
        elif name in links:
            link = links[name]
            form[name] = list(
                session.scalars(
                    select(link.table.c[link.column])
                    .where(link.table.c.record_id == record_id)
                    .order_by(link.table.c.position)
                )
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
            found = occurrences(_texts(session, {source}).get(source, ""), words)
            if len(found) > 1:
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
