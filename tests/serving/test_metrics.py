"""/metrics in Prometheus' text format: what was answered, how fast, from where."""

import time
from pathlib import Path

import httpx
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine

from briefings.app import create_app
from briefings.config import Settings
from briefings.serving.server import Server
from serving.live import serving

ITEM = "/v1/actors/murat-nurtleu"

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def scrape(text: str) -> Samples:
    """Every sample of the exposition, by name and sorted labels."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_count_answers_by_route_template_cache_and_kind(seeded_engine: Engine) -> None:
    settings = Settings(
        database_url=str(seeded_engine.url), rate_limits="1000/minute;5/hour", metrics=True
    )
    app = create_app(settings, seeded_engine)
    client = TestClient(Server(app))
    before = scrape(client.get("/metrics").text)

    client.get(ITEM)  # built by the application: a miss
    client.get(ITEM)  # replayed from memory: a hit, still under its template
    client.get("/v1/visits?limit=0")
    client.get("/v2/visits")
    client.get(ITEM)
    client.get(ITEM)  # the sixth request this hour: refused
    scraped = client.get("/metrics")
    after = scrape(scraped.text)

    assert scraped.status_code == 200
    assert scraped.headers["content-type"].startswith("text/plain")

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    item = {"route": "/v1/actors/{record_id}", "method": "GET"}
    assert moved("briefings_requests_total", **item, status="200") == 3
    assert moved("briefings_requests_total", **item, status="429") == 1
    assert moved("briefings_requests_total", route="/v1/visits", method="GET", status="400") == 1
    assert moved("briefings_requests_total", route="unmatched", method="GET", status="404") == 1
    assert moved("briefings_response_cache_total", result="miss") >= 1
    assert moved("briefings_response_cache_total", result="hit") >= 2
    assert moved("briefings_rejected_total", kind="invalid-parameter") == 1
    assert moved("briefings_rejected_total", kind="not-found") == 1
    assert moved("briefings_rejected_total", kind="rate-limited") == 1
    assert moved("briefings_request_duration_seconds_count", route="/v1/actors/{record_id}") == 4
    assert moved("briefings_database_seconds_count") >= 1
    # No raw path ever becomes a label.
    assert ITEM not in scraped.text


def test_metrics_sum_every_worker_of_a_real_server(tmp_path: Path) -> None:
    with serving(tmp_path, "--workers", "2", metrics="true") as base:
        # New connections each time, until both workers have answered (a request id
        # starts with its process's prefix).
        statuses: list[int] = []
        workers: set[str] = set()
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline:
            answer = httpx.get(f"{base}/v1/places", timeout=5)
            statuses.append(answer.status_code)
            workers.add(answer.headers["x-request-id"][:12])
        # Each worker moves its counts into the shared files within a second: scrape
        # until they have (a generous deadline), then six times more.
        places = {"route": "/v1/places", "method": "GET", "status": "200"}
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            first = scrape(httpx.get(f"{base}/metrics", timeout=5).text)
            if value(first, "briefings_requests_total", **places) == len(statuses):
                break
            time.sleep(0.2)
        scrapes = [scrape(httpx.get(f"{base}/metrics", timeout=5).text) for _ in range(6)]

    assert len(workers) == 2
    assert set(statuses) == {200}
    # Whichever worker answers the scrape, it reports the requests of both.
    assert {value(s, "briefings_requests_total", **places) for s in scrapes} == {len(statuses)}
    # Each worker built the page once and replayed it after.
    hits = len(statuses) - 2
    assert {value(s, "briefings_response_cache_total", result="hit") for s in scrapes} == {hits}
