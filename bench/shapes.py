"""The time of each read shape over a database: every filter alone and the common ones
together, the sorts, facets and searches, with their most frequent values.

In process (a TestClient), with the response cache off and the totals and facets
counted afresh for every request, as after a write; the plans are built and the page
cache warmed by one request first. Prints, per shape, the median wall and CPU time of
``--rounds`` requests::

    uv run python -m bench.shapes --database-url sqlite:////tmp/q100k.sqlite
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from collections.abc import Sequence

FACETS = "&facet=kind&facet=speaker&facet=country&facet=area"
PAGE = "/v1/statements?limit=20"
THREE = "&country=FR&kind=direct-quote&area=syn-area-security"
SHAPES = {
    "plain": "",
    "sort=-date": "&sort=-date",
    "sort=date": "&sort=date",
    "sort=kind": "&sort=kind",
    "kind": "&kind=direct-quote",
    "country": "&country=FR",
    "area": "&area=syn-area-security",
    "speaker": "&speaker=syn-peter-dubois",
    "actor": "&actor=syn-peter-dubois",
    "reported_by": "&reported_by=syn-ansa",
    "source": "&source=syn-s001999",
    "date_from": "&date_from=2020-01-01",
    "date_to (rare)": "&date_to=2018-01-01",
    "country+kind": "&country=FR&kind=direct-quote",
    "country+area": "&country=FR&area=syn-area-security",
    "kind+area": "&kind=direct-quote&area=syn-area-security",
    "country+kind+area": THREE,
    "country+kind+area (rare)": "&country=KZ&kind=commitment&area=syn-area-water",
    "country+area+speaker": "&country=FR&area=syn-area-security&speaker=syn-anna-rossi",
    "2 countries+2 areas": "&country=FR&country=TJ&area=syn-area-security&area=syn-area-energy",
    "country+kind+date_from": "&country=FR&kind=direct-quote&date_from=2020-01-01",
    "country sort=-date": "&country=FR&sort=-date",
    "kind sort=-date": "&kind=direct-quote&sort=-date",
    "country+kind+area sort=-date": THREE + "&sort=-date",
    "4 facets": FACETS,
    "country + 4 facets": "&country=FR" + FACETS,
    "country+kind+area + 4 facets": THREE + FACETS,
    "q=commerce": "&q=commerce",
    "q=projects": "&q=projects",
    "q=commerce projects": "&q=commerce+projects",
    "q=commerce + 4 facets": "&q=commerce" + FACETS,
    "q=commerce+country": "&q=commerce&country=FR",
    "q=a + 4 facets": "&q=a" + FACETS,
}
SEARCHES = {
    "search q=commerce": "/v1/search?q=commerce",
    "search q=projects": "/v1/search?q=projects",
    "search q=commerce projects": "/v1/search?q=commerce+projects",
    "search q=a": "/v1/search?q=a",
}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.shapes", description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", default="", help="only the shapes whose name has this")
    args = parser.parse_args(argv)

    from fastapi.testclient import TestClient

    from briefings.app import create_app
    from briefings.config import Settings

    settings = Settings(database_url=args.database_url, response_cache_bytes=0, query_timeout_ms=0)
    app = create_app(settings)
    urls = {name: PAGE + query for name, query in SHAPES.items()} | SEARCHES
    with TestClient(app) as client:
        print(f"{'shape':32} {'wall ms':>8} {'cpu ms':>8}  total")
        for name, url in urls.items():
            if args.only not in name:
                continue
            client.get(url)
            walls, cpus = [], []
            for _ in range(args.rounds):
                app.state.aggregates.entries.clear()  # counted afresh, as after a write
                cpu, wall = _cpu(), time.perf_counter()
                answer = client.get(url)
                walls.append(time.perf_counter() - wall)
                cpus.append(_cpu() - cpu)
            document = answer.json()
            total = document.get("meta", {}).get("total", document.get("total"))
            print(
                f"{name:32} {statistics.median(walls) * 1000:8.1f} "
                f"{statistics.median(cpus) * 1000:8.1f}  {answer.status_code} {total}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
