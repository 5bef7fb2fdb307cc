"""JSON, CSV and NDJSON renderings of the same collection."""

import csv
import io
from collections.abc import Iterator
from typing import Any

import orjson
from fastapi import Request

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


def flatten(item: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested objects become dotted columns; a list of references becomes their ids joined
    by ``|``; other lists of objects stay JSON so nothing is lost."""
    out: dict[str, Any] = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            if {"id", "type", "href"} <= value.keys():
                out[f"{name}.id"] = value["id"]
            else:
                out.update(flatten(value, f"{name}."))
        elif isinstance(value, list):
            if all(isinstance(v, dict) and {"id", "type"} <= v.keys() for v in value):
                out[name] = "|".join(str(v["id"]) for v in value)
            elif all(not isinstance(v, dict | list) for v in value):
                out[name] = "|".join(str(v) for v in value)
            else:
                out[name] = orjson.dumps(value).decode()
        else:
            out[name] = value
    return out


def to_csv(items: list[dict[str, Any]], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    rows = [flatten(item) for item in items]
    # An empty page still names its columns; otherwise the flattened keys are the header.
    header: list[str] = [] if rows else list(columns)
    for row in rows:
        header.extend(key for key in row if key not in header)
    writer = csv.DictWriter(buffer, fieldnames=header, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def to_ndjson(items: list[dict[str, Any]]) -> bytes:
    return b"".join(orjson.dumps(item) + b"\n" for item in items)
