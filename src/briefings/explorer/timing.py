"""How long the explorer's pages take, as a ratio to an API page measured in the same run.

    uv run python -m briefings.explorer.timing [ROUNDS]

Seeds a temporary SQLite database, then times each page in process (no sockets: the
server's work up to its last byte) with the response cache off (every answer is built)
and on (every answer after the first is replayed). The peer is the API's
``/v1/statements``, a page of 50 records: a page costing 3x its time costs 3x what the
API's most common answer does, whatever the machine.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from briefings.config import PROJECT_ROOT, Settings
from briefings.db import make_engine
from briefings.lifecycle import migrate, seed
from briefings.serving.server import create_server

PEER = "/v1/statements"
PAGES = [
    "/",
    "/sources/kazakhstan-kyrgyzstan-2025-08-01",
    "/briefings/kazakhstan-kyrgyzstan-nurtleu-visit-2025-08-01",
    "/statements",
    "/figures",
    "/projects/karasu-logistics-complex",
    "/search?q=eau",
]
HTML = {"Accept": "text/html,*/*;q=0.8"}


def median_ms(client: TestClient, path: str, rounds: int) -> float:
    client.get(path, headers=HTML)  # templates compiled, plans made
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        answer = client.get(path, headers=HTML)
        times.append(time.perf_counter() - start)
        assert answer.status_code == 200, (path, answer.status_code)
    return statistics.median(times) * 1000


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'timing.db'}"
        engine = make_engine(url)
        migrate(engine)
        seed(engine, PROJECT_ROOT / "seeds")
        clients = {
            cache: TestClient(
                create_server(Settings(database_url=url, response_cache_bytes=size), engine)
            )
            for cache, size in (("built", 0), ("cached", 64 << 20))
        }
        peer = {cache: median_ms(client, PEER, rounds) for cache, client in clients.items()}
        print(f"{'page':<62} {'built ms':>9} {'x peer':>7} {'cached ms':>10} {'x peer':>7}")
        for path in [PEER, *PAGES]:
            built = median_ms(clients["built"], path, rounds)
            cached = median_ms(clients["cached"], path, rounds)
            print(
                f"{path:<62} {built:>9.2f} {built / peer['built']:>7.1f}"
                f" {cached:>10.2f} {cached / peer['cached']:>7.1f}"
            )
        engine.dispose()


if __name__ == "__main__":
    main()
