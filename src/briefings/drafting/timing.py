"""How long a draft takes from a fresh process, and how the time splits.

    uv run python -m briefings.drafting.timing ARTICLE.txt [--runs N]

Each run is a new process, as `briefings draft` is: the time of starting Python and
importing, of loading the spaCy model, and of drafting. The peer, measured in the same
run and on the same machine, is a bare ``spacy.load`` of the full French pipeline in a
new process: the ratio says what drafting costs over loading the model at all, whatever
else the machine is doing.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

DRAFT = """
import json, sys, time
started = time.perf_counter()
from pathlib import Path
from briefings.drafting import draft_article
path = Path(sys.argv[1])
imported = time.perf_counter()
draft = draft_article(path.read_text(encoding="utf-8"), file_name=path.name)
print(json.dumps({"imports": imported - started, **draft["seconds"]}))
"""
PEER = "import spacy; spacy.load('fr_core_news_sm')"


def _wall(arguments: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(arguments, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("article", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    chars = len(args.article.read_text(encoding="utf-8"))
    walls, peers, splits = [], [], []
    for _ in range(args.runs):
        wall, out = _wall([sys.executable, "-c", DRAFT, str(args.article)])
        walls.append(wall)
        splits.append(json.loads(out))
        peers.append(_wall([sys.executable, "-c", PEER])[0])
    wall, peer = statistics.median(walls), statistics.median(peers)

    def part(name: str) -> float:
        return float(statistics.median(float(split[name]) for split in splits))

    start = wall - part("imports") - part("model_load") - part("drafting")
    print(
        f"article: {chars} characters; {args.runs} runs, medians; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(
        f"draft, fresh process: {wall:.2f} s = python start {start:.2f} + imports "
        f"{part('imports'):.2f} + model load {part('model_load'):.2f} + drafting "
        f"{part('drafting'):.2f}"
    )
    print(f"peer, bare spacy.load of the full pipeline: {peer:.2f} s")
    print(f"ratio draft / peer: {wall / peer:.2f}")


if __name__ == "__main__":
    main()
