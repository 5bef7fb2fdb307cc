"""Reading seed files: YAML to validated models, every problem pinned to a line."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from briefings.seeding.errors import SeedProblem
from briefings.seeding.schemas import SeedFile

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
    ``path`` only names the document in problems.
    """

    path: Path
    seed: SeedFile
    lines: LineMap = LineMap(None)
    source_text: str | None = None

    @classmethod
    def in_memory(cls, seed: SeedFile, text: str, name: str | None = None) -> "ParsedSeed":
        return cls(Path(name or f"{seed.source.id}.yaml"), seed, LineMap(None), text)

    def where(self, collection: str, index: int, field: str | None = None) -> int | None:
        path: tuple[str | int, ...] = (
            (collection, index) if field is None else (collection, index, field)
        )
        return self.lines.line_of(path)


def record_label(data: Any, loc: tuple[str | int, ...]) -> str:
    """``statements[3] (id 'x')`` for a location inside a record, the top key otherwise."""
    if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
        label = f"{loc[0]}[{loc[1]}]"
        try:
            record_id = data[loc[0]][loc[1]].get("id")
        except (KeyError, IndexError, TypeError, AttributeError):
            record_id = None
        return f"{label} (id {record_id!r})" if record_id else label
    return str(loc[0]) if loc else "file"


def parse_seed(path: Path, text: str) -> tuple[ParsedSeed | None, list[SeedProblem]]:
    name = path.name
    try:
        root = yaml.compose(text, Loader=SeedLoader)
        data = yaml.load(text, Loader=SeedLoader)  # a SafeLoader: no arbitrary objects
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = None if mark is None else mark.line + 1
        return None, [SeedProblem(name, "file", f"not valid YAML: {error}", line)]
    lines = LineMap(root)
    if not isinstance(data, dict):
        return None, [SeedProblem(name, "file", "a seed file is a mapping with a 'source' key", 1)]
    try:
        seed = SeedFile.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            loc = tuple(item["loc"])
            field = ".".join(str(part) for part in loc[2:]) or ".".join(str(p) for p in loc)
            problems.append(
                SeedProblem(
                    name,
                    record_label(data, loc),
                    f"{field}: {item['msg']}",
                    lines.line_of(loc),
                )
            )
        return None, problems
    return ParsedSeed(path, seed, lines), []


def read_seed_dir(folder: Path) -> tuple[list[ParsedSeed], list[SeedProblem]]:
    if not folder.is_dir():
        return [], [SeedProblem(str(folder), "folder", "the seeds folder does not exist")]
    parsed: list[ParsedSeed] = []
    problems: list[SeedProblem] = []
    for path in sorted(p for p in folder.iterdir() if p.suffix in SEED_SUFFIXES):
        seed, found = parse_seed(path, path.read_text(encoding="utf-8"))
        problems.extend(found)
        if seed is not None:
            parsed.append(seed)
    return parsed, problems
