"""Strict reading of query parameters: a typo must not silently return everything."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import unquote_to_bytes

from fastapi import Request

from briefings.errors import ParameterError, invalid_parameters

T = TypeVar("T")

# Values one parameter may take (``country=KZ&country=KG...``), on every route: the
# work of a filter grows with them, and an OR of a hundred is already a list to page.
MAX_VALUES = 100


@dataclass(frozen=True)
class Param:
    """One documented query parameter: its OpenAPI description, whether it may repeat and
    whether the route needs it."""

    name: str
    description: str
    schema: dict[str, Any]
    repeat: bool = False
    example: Any = None
    required: bool = False

    def openapi(self) -> dict[str, Any]:
        schema = (
            {"type": "array", "items": self.schema, "maxItems": MAX_VALUES}
            if self.repeat
            else self.schema
        )
        doc: dict[str, Any] = {
            "name": self.name,
            "in": "query",
            "required": self.required,
            "description": self.description,
            "schema": schema,
        }
        if self.repeat:
            doc["style"] = "form"
            doc["explode"] = True
        if self.example is not None:
            doc["example"] = [self.example] if self.repeat else self.example
        return doc


class Query:
    """The request's query string, checked against the parameters a route declares.

    Problems are collected rather than raised one at a time, so a client learns about
    every bad parameter from one answer.
    """

    def __init__(self, request: Request, allowed: Iterable[Param]) -> None:
        self.params = {param.name: param for param in allowed}
        self.values: dict[str, list[str]] = {}
        self.errors: list[ParameterError] = []
        for name, value in request.query_params.multi_items():
            self.values.setdefault(name, []).append(value)
        if any("\ufffd" in value for values in self.values.values() for value in values):
            for name in sorted(self.undecodable(request)):
                self.error(name, "not UTF-8: percent-encode the UTF-8 bytes of the text")
        for name, values in self.values.items():
            param = self.params.get(name)
            if param is None:
                known = ", ".join(sorted(self.params)) or "none"
                self.error(name, f"unknown parameter; this route takes: {known}")
            elif len(values) > 1 and not param.repeat:
                self.error(name, "given more than once; it takes one value")
            elif len(values) > MAX_VALUES:
                self.error(name, f"at most {MAX_VALUES} values, got {len(values)}")
                values.clear()  # one problem for the parameter, not one per value
            elif any(not value for value in values):
                # An empty value is a mistake in the URL, never a request for the default.
                self.error(name, f"empty value; {_absent(param)}")
        for param in self.params.values():
            if param.required and param.name not in self.values:
                self.error(param.name, "missing; this route requires it")

    @staticmethod
    def undecodable(request: Request) -> set[str]:
        """Parameters whose percent-encoded value is not UTF-8: Starlette replaces such
        bytes with U+FFFD, which would search or filter for something never asked."""
        bad: set[str] = set()
        for pair in request.scope["query_string"].split(b"&"):
            name, _, value = pair.partition(b"=")
            try:
                unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                bad.add(unquote_to_bytes(name).decode("utf-8", "replace"))
        return bad

    def error(self, name: str, message: str) -> None:
        self.errors.append(ParameterError(parameter=name, message=message))

    def raw(self, name: str) -> list[str]:
        return self.values.get(name, []) if name in self.params else []

    def one(self, name: str) -> str | None:
        values = self.raw(name)
        return values[0] if values else None

    def parsed(self, name: str, parse: Callable[[str], T]) -> list[T]:
        out: list[T] = []
        for value in self.raw(name):
            try:
                out.append(parse(value))
            except ValueError as error:
                self.error(name, str(error))
        return out

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        value = self.one(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            self.error(name, f"must be a whole number, got {value!r}")
            return default
        if not low <= number <= high:
            self.error(name, f"must be between {low} and {high}, got {number}")
            return default
        return number

    def check(self) -> None:
        if self.errors:
            raise invalid_parameters(self.errors)


def _absent(param: Param) -> str:
    if param.required:
        return "this route requires a value"
    return "leave the parameter out for the default"


# White space as the OpenAPI document's patterns mean it (ECMA-262 ``\s``): Python's
# ``str.isspace`` also counts the ASCII separators U+001C-U+001F, which ``\S`` admits.
_ECMA_SPACE = frozenset(
    "\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
)


def is_blank(value: str) -> bool:
    r"""True when ``value`` fails the pattern ``\S``: nothing but white space."""
    return all(character in _ECMA_SPACE for character in value)


def choice(values: Iterable[str]) -> Callable[[str], str]:
    allowed = tuple(values)

    def parse(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of: {', '.join(allowed)}")
        return value

    return parse


def comma_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]
