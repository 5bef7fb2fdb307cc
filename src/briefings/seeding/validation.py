"""Validating a seed document record by record, leniently enough to keep going.

The schema forbids unknown keys (a misspelt key must not silently lose a fact), but one
misspelt key must not hide the bad quote or the unknown id next to it either. So each
record is validated on its own; an unknown key is reported, with the field it probably
meant, and the record is validated again without it (or under the meant name when that
field is missing), so its quotes and references are still checked. A record that stays
invalid is left out, and its id is remembered so that records naming it are not blamed.
Pydantic's messages are rewritten in plain words.
"""

import copy
import difflib
from dataclasses import dataclass, field
from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from briefings.seeding.errors import SeedProblem
from briefings.seeding.schemas import SeedFile, SourceIn

Loc = tuple[str | int, ...]


def _as_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _as_model(argument)
        if found is not None:
            return found
    return None


def _fields_at(model: type[BaseModel], path: Loc) -> list[str]:
    """Field names of the model found at ``path`` inside ``model`` (list indexes skipped)."""
    current: Any = model
    for step in path:
        if isinstance(step, int):
            continue
        found = _as_model(current)
        if found is None or step not in found.model_fields:
            return []
        current = found.model_fields[step].annotation
    found = _as_model(current)
    return list(found.model_fields) if found is not None else []


def field_path(loc: Loc) -> str:
    """``("evidence", 0, "quote")`` -> ``evidence[0].quote``."""
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def plain(error: ErrorDetails) -> str:
    """A Pydantic error in words an editor reads without knowing Pydantic."""
    kind, message, value = error["type"], error["msg"], error.get("input")
    context: dict[str, Any] = dict(error.get("ctx") or {})
    if kind == "value_error":
        return message.removeprefix("Value error, ")
    if kind == "literal_error":
        return f"{value!r} is not one of {context['expected']}"
    if kind == "string_too_short" and context.get("min_length") == 1:
        return "must not be empty"
    if kind == "too_short":
        return f"needs at least {context['min_length']} item(s)"
    if kind in ("model_type", "dict_type"):
        return f"should be a mapping of fields, not {value!r}"
    if kind == "list_type":
        return f"should be a list, not {value!r}"
    valid = "Input should be a valid "
    if message.startswith(valid):
        what, _, detail = message[len(valid) :].partition(", ")
        return f"{value!r} is not a valid {what}" + (f" ({detail})" if detail else "")
    if message.startswith("Input should be "):
        return f"{value!r} should be {message[len('Input should be ') :]}"
    return message


def _at(value: Any, path: Loc) -> Any:
    for step in path:
        value = value[step]
    return value


@dataclass
class Validator:
    """Validates one document's parts, collecting problems as it goes."""

    file: str
    line_of: Any  # (loc) -> line or None
    problems: list[SeedProblem] = field(default_factory=list)

    def report(self, record: str, loc: Loc, reason: str) -> None:
        self.problems.append(SeedProblem(self.file, record, reason, self.line_of(loc)))

    def one(self, model: type[BaseModel], value: Any, at: Loc, record: str) -> BaseModel | None:
        """The validated model, or None once every problem of ``value`` is reported."""
        try:
            return model.model_validate(value)
        except ValidationError as error:
            errors = error.errors()
        unknown = [e for e in errors if e["type"] == "extra_forbidden"]
        if not unknown or not isinstance(value, dict):
            self._report_all(errors, at, record)
            return None
        missing = {tuple(e["loc"]) for e in errors if e["type"] == "missing"}
        value = copy.deepcopy(value)
        for item in unknown:
            loc = tuple(item["loc"])
            key, parent = loc[-1], loc[:-1]
            guess = difflib.get_close_matches(str(key), _fields_at(model, parent), n=1)
            where = f"{field_path(parent)}: " if parent else ""
            hint = f"; did you mean {guess[0]!r}?" if guess else ""
            self.report(record, at + loc, f"{where}unknown field {key!r}{hint}")
            container = _at(value, parent)
            moved = container.pop(key)
            if guess and (*parent, guess[0]) in missing:
                container[guess[0]] = moved
        try:
            return model.model_validate(value)
        except ValidationError as again:
            self._report_all(again.errors(), at, record)
            return None

    def _report_all(self, errors: list[ErrorDetails], at: Loc, record: str) -> None:
        for item in errors:
            loc = tuple(item["loc"])
            name = field_path(loc)
            if item["type"] == "missing":
                reason = f"missing field {name!r}"
            elif item["type"] == "extra_forbidden":
                reason = f"unknown field {name!r}"
            else:
                reason = f"{name}: {plain(item)}" if name else plain(item)
            self.report(record, at + loc, reason)


@dataclass(frozen=True)
class Validated:
    """What survived validation: the document, where each kept record stood in the file,
    and the ids of the records left out."""

    seed: SeedFile | None
    positions: dict[str, list[int]]
    skipped: dict[str, set[str]]


def _collections() -> dict[str, type[BaseModel]]:
    """Each list of records a seed file may hold, and the model of its records."""
    found: dict[str, type[BaseModel]] = {}
    for name, info in SeedFile.model_fields.items():
        model = _as_model(info.annotation)
        if name != "source" and model is not None:
            found[name] = model
    return found


def _label(collection: str, index: int, item: Any) -> str:
    record_id = item.get("id") if isinstance(item, dict) else None
    return f"{collection}[{index}] (id {record_id!r})" if record_id else f"{collection}[{index}]"


def validate_document(data: dict[str, Any], validator: Validator) -> Validated:
    collections = _collections()
    known = ["source", *collections]
    data = dict(data)
    for key in [k for k in data if k not in known]:
        guess = difflib.get_close_matches(str(key), known, n=1)
        hint = f"; did you mean {guess[0]!r}?" if guess else ""
        validator.report(str(key), (key,), f"unknown field {key!r}{hint}")
        value = data.pop(key)
        if guess and guess[0] not in data:
            data[guess[0]] = value  # its records are still checked
    source = None
    if "source" not in data:
        validator.report("file", (), "missing field 'source'")
    else:
        source = validator.one(SourceIn, data["source"], ("source",), "source")
    records: dict[str, list[Any]] = {}
    positions: dict[str, list[int]] = {}
    skipped: dict[str, set[str]] = {}
    for collection, model in collections.items():
        items = data.get(collection) or []
        if not isinstance(items, list):
            validator.report(collection, (collection,), f"should be a list, not {items!r}")
            continue
        records[collection], positions[collection] = [], []
        for index, item in enumerate(items):
            record = validator.one(
                model, item, (collection, index), _label(collection, index, item)
            )
            if record is not None:
                records[collection].append(record)
                positions[collection].append(index)
            elif isinstance(item, dict) and isinstance(item.get("id"), str):
                skipped.setdefault(collection, set()).add(item["id"])
    if not isinstance(source, SourceIn):
        return Validated(None, positions, skipped)
    # Already validated models pass through as they are: this only assembles them.
    seed = SeedFile.model_validate({"source": source, **records})
    return Validated(seed, positions, skipped)
