"""JSON, CSV and NDJSON renderings of the same collection."""

import csv
import io
from collections.abc import Iterator
from functools import cache
from types import UnionType
from typing import Any, Union, get_args, get_origin

import orjson
from fastapi import Request
from pydantic import BaseModel

from briefings.errors import ProblemError, invalid_parameter
from briefings.kit.params import Param

FORMATS = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "ndjson": "application/x-ndjson",
}
_MEDIA = {
    "application/json": "json",
    "text/csv": "csv",
    "application/x-ndjson": "ndjson",
    "application/jsonl": "ndjson",
}

FORMAT_PARAM = Param(
    "format",
    "Representation: `json` (default), `csv` (a header row, nested values flattened) or "
    "`ndjson` (one record per line). Overrides the Accept header.",
    {"type": "string", "enum": list(FORMATS)},
)


def media_ranges(accept: str) -> Iterator[tuple[float, int, str]]:
    """Each media range an Accept value admits, as (quality, -position, media type in
    lower case): the greatest tuple is the client's first choice among its best. Ranges
    with quality 0, or an unreadable one, are refused and left out."""
    for position, item in enumerate(accept.split(",")):
        media, *options = (part.strip() for part in item.split(";"))
        quality = 1.0
        for option in options:
            if option.startswith("q="):
                try:
                    quality = float(option[2:])
                except ValueError:
                    quality = 0.0
        if quality > 0:
            yield quality, -position, media.lower()


def negotiate(request: Request, explicit: str | None) -> str:
    """``format=`` wins; otherwise the best acceptable media type; JSON when anything goes."""
    if explicit is not None:
        if explicit not in FORMATS:
            raise invalid_parameter("format", f"{explicit!r} is not one of: {', '.join(FORMATS)}")
        return explicit
    accept = request.headers.get("accept", "")
    if not accept.strip():
        return "json"
    ranked: list[tuple[float, int, str]] = []
    for quality, rank, media in media_ranges(accept):
        if media in ("*/*", "application/*", "application/problem+json"):
            ranked.append((quality, rank, "json"))
        elif media == "text/*":
            ranked.append((quality, rank, "csv"))
        elif media in _MEDIA:
            ranked.append((quality, rank, _MEDIA[media]))
    if not ranked:
        raise ProblemError(
            406,
            "not-acceptable",
            "Not acceptable",
            f"cannot answer {accept!r}; available: "
            "application/json, text/csv, application/x-ndjson",
        )
    return max(ranked)[2]


Path = tuple[str, ...]


def _models(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's type names, ``None`` and other members of a union left out."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if get_origin(annotation) in (Union, UnionType):
        return [model for member in get_args(annotation) for model in _models(member)]
    return []


def _is_reference(model: type[BaseModel]) -> bool:
    return {"id", "type", "href"} <= model.model_fields.keys()


def _columns(model: type[BaseModel], prefix: Path = ()) -> list[Path]:
    columns: list[Path] = []
    for name, info in model.model_fields.items():
        path = (*prefix, name)
        nested = _models(info.annotation)
        if len(nested) == 1 and _is_reference(nested[0]):
            columns.append((*path, "id"))
        elif len(nested) == 1:
            columns.extend(_columns(nested[0], path))
        else:
            columns.append(path)
    return columns


@cache
def csv_columns(schema: type[BaseModel]) -> tuple[Path, ...]:
    """A collection's CSV columns, from its output model alone: nested objects become
    dotted columns (``name.fr``), a reference its id (``speaker.id``), so every page of
    every query has the same header whatever its records hold; a null nested value
    leaves its columns empty."""
    return tuple(_columns(schema))


def _cell(value: Any) -> Any:
    """Lists of references become their ids joined by ``|``, lists of plain values the
    values joined by ``|``, anything else nested stays JSON so nothing is lost."""
    if isinstance(value, list):
        if all(isinstance(v, dict) and {"id", "type"} <= v.keys() for v in value):
            return "|".join(str(v["id"]) for v in value)
        if all(not isinstance(v, dict | list) for v in value):
            return "|".join(str(v) for v in value)
        return orjson.dumps(value).decode()
    if isinstance(value, dict):
        return orjson.dumps(value).decode()
    return value


def _at(item: dict[str, Any], path: Path) -> Any:
    value: Any = item
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def to_csv(
    items: list[dict[str, Any]], schema: type[BaseModel], fields: set[str] | None = None
) -> bytes:
    """A header row of the schema's columns (those of ``fields`` when given), then a row
    per item."""
    columns = [c for c in csv_columns(schema) if fields is None or c[0] in fields]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(".".join(column) for column in columns)
    writer.writerows([_cell(_at(item, column)) for column in columns] for item in items)
    return buffer.getvalue().encode("utf-8")


def to_ndjson(items: list[dict[str, Any]]) -> bytes:
    return b"".join(orjson.dumps(item) + b"\n" for item in items)


def attachment(name: str, fmt: str) -> dict[str, str]:
    """``Content-Disposition`` for an export, so a browser saves it under a useful name
    (``statements.csv``); JSON is shown, not downloaded."""
    if fmt == "json":
        return {}
    return {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
