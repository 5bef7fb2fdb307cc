"""Measuring a draft against a curated seed file: precision and recall per record type.

Records are matched one to one: actors and places by any of their names or aliases;
visits by visitor (as matched among actors) and date; direct quotes by their words and
speakers; statements of every kind by words (one containing the other) and speakers;
figures by value, unit, currency and period; projects by most of their name's words;
areas by id. Ids are not compared: the draft makes its own.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from briefings.drafting.article import ArticleProblem
from briefings.drafting.spans import plain
from briefings.seeding.reader import SeedLoader, parse_seed

Record = dict[str, Any]
CURATED = "__curated__"
# Share of a project name's words two names must share to be the same project.
PROJECT_OVERLAP = 0.5
SMALL_WORDS = frozenset(
    """de des du la le les l d à a au aux et en un une""".split()  # noqa: SIM905 (a word list)
)


@dataclass(frozen=True)
class Score:
    kind: str
    drafted: int
    gold: int
    matched: int

    @property
    def precision(self) -> float | None:
        return self.matched / self.drafted if self.drafted else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None


def read_gold(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ArticleProblem(f"the gold file {path} cannot be read: {error}") from None
    parsed, problems = parse_seed(path, text)
    if parsed is None or problems:
        first = problems[0] if problems else "not a seed file"
        raise ArticleProblem(f"the gold file {path} is not a valid seed file: {first}")
    gold: dict[str, Any] = parsed.seed.model_dump(mode="json")
    # A collection the file leaves out is not curated there: nothing to measure against.
    raw = yaml.load(text, Loader=SeedLoader)
    gold[CURATED] = sorted(key for key in raw if key != "source")
    return gold


def _names(record: Record) -> set[str]:
    return {plain(n) for n in (record["name"]["fr"], record["name"]["en"], *record["aliases"])}


def _pairs(
    drafted: list[Record], gold: list[Record], same: Callable[[Record, Record], bool]
) -> list[tuple[Record, Record]]:
    pairs: list[tuple[Record, Record]] = []
    free = list(gold)
    for record in drafted:
        match = next((g for g in free if same(record, g)), None)
        if match is not None:
            free.remove(match)
            pairs.append((record, match))
    return pairs


def _words(text: str) -> str:
    return " ".join(plain(text).rstrip(".").split())


def _same_words(a: str, b: str) -> bool:
    a, b = _words(a), _words(b)
    return a in b or b in a


def _content(text: str) -> set[str]:
    return {w for w in plain(text).replace("'", " ").split() if w not in SMALL_WORDS}


def evaluate(draft: dict[str, Any], gold: dict[str, Any]) -> list[Score]:
    actors = _pairs(draft["actors"], gold["actors"], lambda d, g: bool(_names(d) & _names(g)))
    actor_map = {d["id"]: g["id"] for d, g in actors}

    def mapped(ids: list[str]) -> set[str]:
        return {actor_map.get(i, f"unmatched:{i}") for i in ids}

    places = _pairs(draft["places"], gold["places"], lambda d, g: bool(_names(d) & _names(g)))
    visits = _pairs(
        draft["visits"],
        gold["visits"],
        lambda d, g: actor_map.get(d["visitor"]) == g["visitor"] and d["date"] == g["date"],
    )

    def statement(d: Record, g: Record) -> bool:
        return _same_words(d["text"], g["text"]) and mapped(d["speakers"]) == set(g["speakers"])

    def direct(records: list[Record]) -> list[Record]:
        return [r for r in records if r["kind"] == "direct-quote"]

    quotes = _pairs(direct(draft["statements"]), direct(gold["statements"]), statement)
    statements = _pairs(draft["statements"], gold["statements"], statement)

    def figure(d: Record, g: Record) -> bool:
        return (
            abs(float(d["value"]) - float(g["value"])) <= 1e-9 * max(1.0, abs(float(g["value"])))
            and d["unit"] == g["unit"]
            and d.get("currency") == g.get("currency")
            and d.get("period") == g.get("period")
        )

    figures = _pairs(draft["figures"], gold["figures"], figure)

    def project(d: Record, g: Record) -> bool:
        a, b = _content(d["name"]["fr"]), _content(g["name"]["fr"])
        return bool(a and b) and len(a & b) / min(len(a), len(b)) >= PROJECT_OVERLAP

    projects = _pairs(draft["projects"], gold["projects"], project)
    areas = _pairs(
        draft["cooperation_areas"], gold["cooperation_areas"], lambda d, g: d["id"] == g["id"]
    )
    found = {
        "actors": ("actors", actors),
        "places": ("places", places),
        "visits": ("visits", visits),
        "direct quotes": ("statements", quotes),
        "statements": ("statements", statements),
        "figures": ("figures", figures),
        "projects": ("projects", projects),
        "areas": ("cooperation_areas", areas),
    }
    scores = []
    curated = gold.get(CURATED)
    for kind, (collection, pairs) in found.items():
        if curated is not None and collection not in curated:
            continue
        if kind == "direct quotes":
            drafted, golden = len(direct(draft[collection])), len(direct(gold[collection]))
        else:
            drafted, golden = len(draft[collection]), len(gold[collection])
        scores.append(Score(kind, drafted, golden, len(pairs)))
    return scores


def table(scores: list[Score]) -> str:
    def share(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    lines = [
        f"{'records':<15} {'drafted':>7} {'gold':>5} {'matched':>7} {'precision':>9} {'recall':>6}"
    ]
    for s in scores:
        lines.append(
            f"{s.kind:<15} {s.drafted:>7} {s.gold:>5} {s.matched:>7} "
            f"{share(s.precision):>9} {share(s.recall):>6}"
        )
    return "\n".join(lines)
