"""The requests of each scenario, for our server and their Datasette equivalents.

Every list is made before any timed run: our cursors by walking ``links.next``, the
Datasette ones by walking its ``next_url``, so both sides page the same rows.
"""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

from bench.procs import BenchError, get, with_headers

PAGE = 50
DEEP_POSITIONS = 500
ITEMS = 1000
SEARCH_WORDS = (
    "energie",
    "Bichkek",
    "commerce",
    "eau",
    "Kazakhstan",
    "cooperation",
    "water",
    "trade",
    "Kirghizistan",
    "strategique",
    "diplomatie",
    "centrale",
)


@dataclass
class Scenario:
    name: str
    ours: list[str]
    datasette: list[str] | None  # None: no equivalent request
    note: str = ""
    pairs: list[tuple[str, str]] = field(default_factory=list)


def _ds_filter(name: str, value: str) -> tuple[str, str]:
    if name == "kind":
        return ("kind__exact", value)
    if name == "speaker":
        return ("speaker_id__exact", value)
    table, column = {
        "country": ("statement_countries", "country"),
        "area": ("statement_areas", "area_id"),
    }[name]
    through = {"table": table, "column": column, "value": value}
    return ("_through", json.dumps(through, separators=(",", ":")))


def _vocabulary(db: Path) -> list[tuple[str, str]]:
    """A few values of each filter, the most frequent first."""
    queries = {
        "kind": "SELECT kind, count(*) FROM statements GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 4",
        "country": "SELECT country, count(*) FROM statement_countries GROUP BY 1"
        " ORDER BY 2 DESC, 1 LIMIT 4",
        "area": "SELECT area_id, count(*) FROM statement_areas GROUP BY 1 ORDER BY 2 DESC, 1"
        " LIMIT 4",
        "speaker": "SELECT speaker_id, count(*) FROM statements WHERE speaker_id IS NOT NULL"
        " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 4",
    }
    out: list[tuple[str, str]] = []
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        for name, sql in queries.items():
            out += [(name, str(row[0])) for row in connection.execute(sql)]
    return out


def _json(port: int, path: str, who: str) -> dict[str, object]:
    answer = get(port, path)
    if answer.status != 200:
        raise BenchError(
            f"{who} answered {answer.status} to {path}: {answer.body[:300]!r}; "
            "the scenario cannot be built"
        )
    data: dict[str, object] = json.loads(answer.body)
    return data


def _walk_ours(port: int, first: str, pages: int) -> list[str]:
    out = [first]
    url: str | None = first
    while url is not None and len(out) < pages:
        links = _json(port, url, "our server")["links"]
        assert isinstance(links, dict)
        url = links.get("next")
        if url:
            out.append(url)
    return out


def _deep_cursor(after_id: str) -> str:
    """The cursor our API itself issues after ``after_id`` in the default order (id)."""
    from briefings.kit.paging import encode_cursor, parse_sort
    from briefings.resources.statements.resource import RESOURCE

    order = parse_sort(None, RESOURCE.sort_keys, RESOURCE.default_sort)
    return encode_cursor(order, order.values_in((after_id,), RESOURCE.id_column))


def _sample_ids(db: Path, count: int, low: float, high: float, seed: int) -> list[str]:
    """Up to ``count`` distinct ids between the ``low`` and ``high`` fractions of the keyset."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        total = connection.execute("SELECT count(*) FROM statements").fetchone()[0]
        first, last = int(total * low), max(int(total * low) + 1, int(total * high))
        ids = [
            str(row[0])
            for row in connection.execute(
                "SELECT id FROM statements ORDER BY id LIMIT ? OFFSET ?", (last - first, first)
            )
        ]
    rng = random.Random(seed)
    return sorted(rng.sample(ids, min(count, len(ids))))


def build(
    db: Path,
    ours_port: int,
    ds_port: int | None,
    ds_name: str,
    cold_pool: int = 4000,
    seed: int = 1,
) -> dict[str, Scenario]:
    """Every scenario's request lists; Datasette's are None when it is not running."""
    base = f"/{ds_name}/statements.json"
    # Without the stored body (our rendered JSON): Datasette serves the table's own columns.
    ds_page = {"_size": str(PAGE), "_shape": "objects", "_nocol": "body"}
    filters = _vocabulary(db)
    scenarios: dict[str, Scenario] = {}
    ds = ds_port is not None
    rng = random.Random(seed)

    def ds_url(extra: list[tuple[str, str]]) -> str:
        return base + "?" + urlencode([*extra, *ds_page.items()])

    def ours_url(extra: list[tuple[str, str]]) -> str:
        return "/v1/statements?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in extra)

    # Our cursors are made by our own paging code; check once that they are exactly
    # the ones links.next hands out.
    walked = _walk_ours(ours_port, f"/v1/statements?limit={PAGE}", 2)
    if len(walked) == 2:
        first_page = _json(ours_port, walked[0], "our server")["data"]
        assert isinstance(first_page, list)
        expected = f"cursor={_deep_cursor(str(first_page[-1]['id']))}"
        if expected not in walked[1]:
            raise BenchError(f"our cursor {expected} is not the one links.next gives: {walked[1]}")

    scenarios["hot"] = Scenario(
        "hot", [f"/v1/statements?limit={PAGE}"], [ds_url([])] if ds else None
    )
    scenarios["hot-gzip"] = Scenario(
        "hot-gzip",
        [with_headers(f"/v1/statements?limit={PAGE}", [("accept-encoding", "gzip")])],
        None,
        note="the hot page compressed; Datasette does not compress, compared with the ceiling only",
    )

    singles = [(name, value) for name, value in filters]
    first_ours = [ours_url([(n, v), ("limit", str(PAGE))]) for n, v in singles]
    first_ds = [ds_url([_ds_filter(n, v)]) for n, v in singles]
    scenarios["filtered"] = Scenario(
        "filtered",
        first_ours,
        first_ds if ds else None,
        note="first pages of one-filter queries",
    )

    # Cold: distinct pages, every filter (and none) at keyset positions spread over the
    # table; Datasette gets the same filter with _next at the same id.
    positions = _sample_ids(db, cold_pool, 0.0, 1.0, seed)
    combos = [(f, p) for f in [None, *singles] for p in positions]
    rng.shuffle(combos)
    combos = combos[:cold_pool]
    cold_ours, cold_ds = [], []
    for flt, after in combos:
        extra = [flt] if flt else []
        cold_ours.append(ours_url([*extra, ("limit", str(PAGE)), ("cursor", _deep_cursor(after))]))
        ds_extra = [_ds_filter(*flt)] if flt else []
        cold_ds.append(ds_url([*ds_extra, ("_next", after)]))
    scenarios["cold"] = Scenario(
        "cold", cold_ours, cold_ds if ds else None, note=f"{len(cold_ours)} distinct pages"
    )

    deep_ids = _sample_ids(db, DEEP_POSITIONS, 0.5, 0.99, seed + 1)
    deep_ours = [ours_url([("limit", str(PAGE)), ("cursor", _deep_cursor(i))]) for i in deep_ids]
    deep_ds = [ds_url([("_next", i)]) for i in deep_ids]
    for after, url in list(zip(deep_ids, deep_ours, strict=True))[:5]:
        data = _json(ours_port, url, "our server")["data"]
        assert isinstance(data, list)
        if data and not str(data[0]["id"]) > after:
            raise BenchError(f"the deep cursor after {after!r} did not page past it: {url}")
    scenarios["deep"] = Scenario(
        "deep", deep_ours, deep_ds if ds else None, note=f"{len(deep_ours)} distinct positions"
    )

    item_ids = _sample_ids(db, ITEMS, 0.0, 1.0, seed + 2)
    scenarios["item"] = Scenario(
        "item",
        [f"/v1/statements/{quote(i)}" for i in item_ids],
        # Datasette's row page has no _nocol: its answer includes the stored body.
        [f"/{ds_name}/statements/{quote(i)}.json?_shape=objects" for i in item_ids] if ds else None,
        note=f"{len(item_ids)} distinct ids",
    )

    scenarios["search"] = Scenario(
        "search",
        [f"/v1/search?q={quote(word)}" for word in SEARCH_WORDS],
        None,
        note="no Datasette equivalent: ours folds accents, matches prefixes across nine "
        "record types and ranks with bm25; compared with the ceiling only",
    )

    facet_filters = [(n, v) for n, v in filters if n in ("country", "area")]
    scenarios["facet"] = Scenario(
        "facet",
        [ours_url([(n, v), ("facet", "kind"), ("limit", str(PAGE))]) for n, v in facet_filters],
        [ds_url([_ds_filter(n, v), ("_facet", "kind")]) for n, v in facet_filters] if ds else None,
    )
    return scenarios
