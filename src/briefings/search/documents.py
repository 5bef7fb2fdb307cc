"""Search documents built generically from a record's column values.

Nothing here knows a record type's fields. The rules are about columns:

* names (``name_*``, ``title_*``, ``label_*``) and ``aliases`` make the title;
* every other ``Text`` column, and every string nested in a ``JSON`` column, makes the
  body. ``String(n)`` columns hold ids, slugs, codes and hashes and are left out, as are
  JSON keys that hold references (``organisation``, ``country``, ``*_id``);
* a record without a name (statements, visits) is named after its first text pair.
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import JSON, Table, Text

from briefings.models import Base
from briefings.resources import ALL
from briefings.search.folding import fold, searchable

# Record type -> (model, collection path under /v1), for every type of the catalogue.
RECORD_TYPES: dict[str, tuple[type[Base], str]] = {
    resource.type: (resource.model, resource.collection) for resource in ALL
}

NAME_PAIRS = (("name_fr", "name_en"), ("title_fr", "title_en"), ("label_fr", "label_en"))
# Display names of records that have none, in order of preference.
FALLBACK_NAME_PAIRS = (("description_fr", "description_en"), ("text", "translation"))
TITLE_COLUMNS = frozenset({*(key for pair in NAME_PAIRS for key in pair), "aliases"})
# Text columns that are not prose.
NOT_PROSE = frozenset({"url"})
# JSON keys whose strings are references or codes, not text.
REFERENCE_KEYS = frozenset({"id", "organisation", "country", "url"})
NAME_MAX = 140
TITLE_SEPARATOR = " · "
BODY_SEPARATOR = "\n"


@dataclass(frozen=True)
class Document:
    record_type: str
    record_id: str
    name_fr: str
    name_en: str
    title: str
    body: str

    def row(self) -> dict[str, str]:
        return {
            "record_type": self.record_type,
            "record_id": self.record_id,
            "name_fr": self.name_fr,
            "name_en": self.name_en,
            "title": self.title,
            "body": self.body,
            "title_folded": searchable(self.title),
            "body_folded": searchable(self.body),
        }


def href(record_type: str, record_id: str) -> str:
    return f"/v1/{RECORD_TYPES[record_type][1]}/{record_id}"


def _strings(value: Any) -> Iterator[str]:
    """Every string nested in a JSON value, skipping keys that hold references."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if key not in REFERENCE_KEYS and not str(key).endswith("_id"):
                yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _unique(texts: Iterable[str]) -> list[str]:
    """Drops blanks and repeats (an alias equal to the name), keeping the first spelling."""
    seen: set[str] = set()
    out: list[str] = []
    for text in texts:
        key = fold(text.strip())
        if key and key not in seen:
            seen.add(key)
            out.append(text.strip())
    return out


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= NAME_MAX:
        return text
    cut = text[: NAME_MAX - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def _display_name(values: Mapping[str, Any], title: list[str]) -> tuple[str, str]:
    for fr_key, en_key in NAME_PAIRS + FALLBACK_NAME_PAIRS:
        fr, en = values.get(fr_key), values.get(en_key)
        if isinstance(fr, str) or isinstance(en, str):
            fr_text = fr if isinstance(fr, str) else str(en)
            en_text = en if isinstance(en, str) else fr_text
            return _shorten(fr_text), _shorten(en_text)
    fallback = title[0] if title else ""
    return fallback, fallback


def build_document(record_type: str, model: type[Base], values: Mapping[str, Any]) -> Document:
    columns = cast(Table, model.__table__).columns
    title_parts: list[str] = []
    for fr_key, en_key in NAME_PAIRS:
        title_parts.extend(
            v for v in (values.get(fr_key), values.get(en_key)) if isinstance(v, str)
        )
    title_parts.extend(_strings(values.get("aliases") or []))
    body_parts: list[str] = []
    for column in columns:
        name = column.name
        if name in TITLE_COLUMNS or name in NOT_PROSE or name not in values:
            continue
        value = values[name]
        if isinstance(column.type, JSON):
            body_parts.extend(_strings(value))
        elif isinstance(column.type, Text) and isinstance(value, str):
            body_parts.append(value)
    title = _unique(title_parts)
    name_fr, name_en = _display_name(values, title)
    return Document(
        record_type=record_type,
        record_id=str(values["id"]),
        name_fr=name_fr,
        name_en=name_en,
        title=TITLE_SEPARATOR.join(title),
        body=BODY_SEPARATOR.join(_unique(body_parts)),
    )
