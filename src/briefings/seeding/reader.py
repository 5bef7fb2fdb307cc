"""Reading seed files: YAML to validated models, every problem pinned to a line."""

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefings.seeding.errors import SeedProblem
from briefings.seeding.schemas import SeedFile
from briefings.seeding.validation import Validator, validate_document

SEED_SUFFIXES = (".yaml", ".yml")
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class SeedLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text for Pydantic to parse.

    PyYAML would build ``2025-08-32`` into a date itself and fail with a bare
    ``ValueError`` (no file, no line); as text it fails in validation like any field.
    """


SeedLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class LineMap:
    """Lines of a YAML document, so a problem found after parsing can name its line."""

    root: yaml.Node | None

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        node = self.root
        line = None if node is None else node.start_mark.line + 1
        for step in path:
            child = _child(node, step)
            if child is None:
                break
            node = child
            line = node.start_mark.line + 1
        return line


def _child(node: yaml.Node | None, step: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == step:
                found: yaml.Node = value
                return found
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        item: yaml.Node = node.value[step]
        return item
    return None


@dataclass(frozen=True)
class ParsedSeed:
    """A validated seed document.

    Read from disk, ``source_text`` is None and the text is read from ``source.file``
    next to ``path``; built in memory (generated data, imports), it carries the text and
    ``path`` only names the document in problems. ``positions`` says where each kept
    record stood in the file (records that failed validation are left out), and
    ``skipped`` holds the ids of those left out, by collection.
    """

    path: Path
    seed: SeedFile
    lines: LineMap = LineMap(None)
    source_text: str | None = None
    positions: Mapping[str, Sequence[int]] = field(default_factory=dict)
    skipped: Mapping[str, Set[str]] = field(default_factory=dict)

    @classmethod
    def in_memory(cls, seed: SeedFile, text: str, name: str | None = None) -> "ParsedSeed":
        return cls(Path(name or f"{seed.source.id}.yaml"), seed, LineMap(None), text)

    def index(self, collection: str, index: int) -> int:
        """The record's index in the file, for a kept record's index in ``seed``."""
        kept = self.positions.get(collection)
        return index if kept is None else kept[index]

    def label(self, collection: str, index: int, record_id: str) -> str:
        return f"{collection}[{self.index(collection, index)}] (id {record_id!r})"

    def where(self, collection: str, index: int, *field: str | int) -> int | None:
        return self.lines.line_of((collection, self.index(collection, index), *field))


class SyntaxProblem(ValueError):  # noqa: N818 - said to the client as is
    """The body is not JSON or YAML at all: said with its line and column."""

    def __init__(self, media: str, message: str, line: int | None, column: int | None) -> None:
        self.line = line
        self.column = column
        where = f" at line {line}, column {column}" if line is not None else ""
        super().__init__(f"not valid {media}{where}: {message}")


def parse_yaml(text: str) -> tuple[Any, LineMap]:
    """A YAML document's data, and where each part of it stands (its lines)."""
    try:
        root = yaml.compose(text, Loader=SeedLoader)
        data = yaml.load(text, Loader=SeedLoader)  # a SafeLoader: no arbitrary objects
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = None if mark is None else mark.line + 1
        column = None if mark is None else mark.column + 1
        problem = getattr(error, "problem", None) or str(error)
        raise SyntaxProblem("YAML", str(problem), line, column) from None
    return data, LineMap(root)


def parse_seed(path: Path, text: str) -> tuple[ParsedSeed | None, list[SeedProblem]]:
    name = path.name
    try:
        data, lines = parse_yaml(text)
    except SyntaxProblem as problem:
        return None, [SeedProblem(name, "file", str(problem), problem.line)]
    if not isinstance(data, dict):
        return None, [SeedProblem(name, "file", "a seed file is a mapping with a 'source' key", 1)]
    validator = Validator(name, lines.line_of)
    found = validate_document(data, validator)
    if found.seed is None:
        return None, validator.problems
    parsed = ParsedSeed(path, found.seed, lines, None, found.positions, found.skipped)
    return parsed, validator.problems


def read_seed_dir(folder: Path) -> tuple[list[ParsedSeed], list[SeedProblem]]:
    if not folder.is_dir():
        return [], [SeedProblem(str(folder), "folder", "the seeds folder does not exist")]
    files = sorted(p for p in folder.iterdir() if p.suffix in SEED_SUFFIXES)
    if not files:
        suffixes = " or ".join(f"*{suffix}" for suffix in SEED_SUFFIXES)
        return [], [SeedProblem(str(folder), "folder", f"no seed file ({suffixes}) in the folder")]
    parsed: list[ParsedSeed] = []
    problems: list[SeedProblem] = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(SeedProblem(path.name, "file", f"cannot be read: {error}"))
            continue
        seed, found = parse_seed(path, text)
        problems.extend(found)
        if seed is not None:
            parsed.append(seed)
    return parsed, problems
