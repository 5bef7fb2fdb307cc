"""The benchmark's pure functions (bench/core.py): no wrk, Datasette or matplotlib needed."""

import asyncio
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import ceiling, core, instructions, procs, replay_instructions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1000", [1000]),
        ("1000000,1000,100000", [1000, 100_000, 1_000_000]),
        ("1_000, 1000", [1000]),
    ],
)
def test_scales_accepts_positive_integers(text: str, expected: list[int]) -> None:
    assert core.parse_scales(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-5", "not a positive number"),
        ("0", "not a positive number"),
        ("1e6", "not an integer"),
        ("ten", "not an integer"),
        ("1000,,2000", "empty item"),
        ("", "empty"),
        ("999999999", "above the supported"),
    ],
)
def test_scales_refuses_nonsense(text: str, message: str) -> None:
    with pytest.raises(core.ArgumentProblemError, match=message):
        core.parse_scales(text)


def test_scenarios_default_to_all_and_keep_canonical_order() -> None:
    assert core.parse_scenarios(None) == list(core.SCENARIOS)
    assert core.parse_scenarios(["search", "hot,cold"]) == ["hot", "cold", "search"]


def test_unknown_scenario_names_the_known_ones() -> None:
    with pytest.raises(
        core.ArgumentProblemError, match=r"unknown scenario 'warm'.*hot, hot-gzip, cold"
    ):
        core.parse_scenarios(["hot", "warm"])


@pytest.mark.parametrize(
    ("items", "ok"),
    [(["A=1", "B_C="], True), (["novalue"], False), (["=1"], False), (["A-B=1"], False)],
)
def test_env_pairs(items: list[str], ok: bool) -> None:
    if ok:
        assert core.parse_env(items) == {"A": "1", "B_C": ""}
    else:
        with pytest.raises(core.ArgumentProblemError):
            core.parse_env(items)


GOOD = (
    "Running 2s test @ http://127.0.0.1:1234\n  1 threads and 32 connections\n"
    'BENCH-RESULT {"requests":20000,"duration_us":2000000,"non2xx":0,'
    '"errors":{"connect":0,"read":0,"write":0,"status":0,"timeout":0},'
    '"p50_us":1200.0,"p90_us":2000.0,"p99_us":4500.5,"max_us":9000.0}\n'
)


def test_wrk_result_line_is_parsed() -> None:
    run = core.parse_wrk_output(GOOD)
    assert run.requests == 20000
    assert run.rps == pytest.approx(10000.0)
    assert run.p50_ms == pytest.approx(1.2)
    assert run.p99_ms == pytest.approx(4.5005)
    assert not run.failed
    assert run.problem() is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Running 2s test\n", "found 0"),
        (GOOD + GOOD, "found 2"),
        ("BENCH-RESULT {not json}\n", "unreadable"),
        ('BENCH-RESULT {"requests": 1}\n', "unreadable"),
        (GOOD.replace('"duration_us":2000000', '"duration_us":0'), "non-positive"),
    ],
)
def test_wrk_output_without_a_trustworthy_line_is_refused(text: str, message: str) -> None:
    with pytest.raises(core.WrkOutputError, match=message):
        core.parse_wrk_output(text)


def test_a_run_with_errors_fails_and_its_figure_has_no_numbers() -> None:
    bad = core.parse_wrk_output(GOOD.replace('"non2xx":0', '"non2xx":3'))
    assert bad.failed
    assert bad.problem() == "errors: non2xx=3"
    figure = core.median_figure([core.parse_wrk_output(GOOD), bad])
    assert not figure.ok
    assert figure.rps is None
    assert figure.failure == "round 2: errors: non2xx=3"
    unmeasured = core.median_figure([core.parse_wrk_output(GOOD), "wrk exited 1"])
    assert unmeasured.failure == "round 2: wrk exited 1"
    assert core.median_figure([]).failure == "not measured"


def test_median_over_rounds() -> None:
    runs = [
        core.parse_wrk_output(GOOD.replace('"requests":20000', f'"requests":{n}'))
        for n in (10000, 30000, 20000)
    ]
    figure = core.median_figure(runs)
    assert figure.rps == pytest.approx(10000.0)
    assert figure.rounds == 3


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(10.0, 5.0, 2.0), (None, 5.0, None), (1.0, 0.0, None), (1.0, None, None)],
)
def test_ratio(numerator: float | None, denominator: float | None, expected: float | None) -> None:
    assert core.ratio(numerator, denominator) == expected


def _figure(rps: float, p50: float, p99: float) -> dict[str, Any]:
    return {"rounds": 3, "rps": rps, "p50_ms": p50, "p99_ms": p99}


def _results(ours_hot: float, ours_p99: float, deep_1m_p50: float) -> dict[str, Any]:
    def scale(deep_p50: float) -> dict[str, Any]:
        return {
            "scenarios": {
                "hot": {"ours": _figure(ours_hot, 1, ours_p99), "ceiling": _figure(1000, 1, 2)},
                "cold": {"ours": _figure(600, 5, 40), "datasette": _figure(100, 50, 90)},
                "deep": {"ours": _figure(500, deep_p50, 9)},
                "search": {"ours": _figure(500, 12, 30)},
            },
            "rss_mb": 250.0,
        }

    return {
        "scales": {"1000": scale(2.0), "1000000": scale(deep_1m_p50)},
        "cold_start": {"runs_s": [1.0, 2.0, 4.0], "median_s": 2.0},
    }


def _verdicts(results: dict[str, Any]) -> dict[str, str]:
    return {v.target: v.status for v in core.evaluate_targets(results)}


@pytest.mark.parametrize(
    ("ours_hot", "ours_p99", "deep_1m_p50", "expected"),
    [
        (900.0, 4.0, 4.0, {"hot @ 1,000:": "PASS", "deep p50": "PASS"}),
        (840.0, 4.0, 4.0, {"hot @ 1,000:": "FAIL"}),  # 84% of the ceiling
        (900.0, 5.0, 4.0, {"hot @ 1,000:": "FAIL"}),  # p99 not under 5 ms
        (900.0, 4.0, 4.1, {"deep p50": "FAIL"}),  # grew 2.05x
    ],
)
def test_targets(
    ours_hot: float, ours_p99: float, deep_1m_p50: float, expected: dict[str, str]
) -> None:
    verdicts = _verdicts(_results(ours_hot, ours_p99, deep_1m_p50))
    for prefix, status in expected.items():
        (match,) = [s for t, s in verdicts.items() if t.startswith(prefix)]
        assert match == status
    assert [s for t, s in verdicts.items() if t.startswith("cold @ 1,000,000")] == ["PASS"]
    assert [s for t, s in verdicts.items() if t.startswith("search")] == ["PASS"]
    assert [s for t, s in verdicts.items() if t.startswith("our server's RSS")] == ["PASS"]
    assert [s for t, s in verdicts.items() if t.startswith("cold start")] == ["PASS"]


def test_a_failed_figure_fails_its_target_and_one_scale_is_not_a_growth() -> None:
    results = _results(900, 4, 4)
    results["scales"]["1000"]["scenarios"]["hot"]["ours"] = {
        "rounds": 3,
        "failure": "round 1: errors: timeout=2",
    }
    del results["scales"]["1000000"]
    verdicts = core.evaluate_targets(results)
    hot = next(v for v in verdicts if v.target.startswith("hot @ 1,000:"))
    assert (hot.status, hot.measured) == ("FAIL", "ours: round 1: errors: timeout=2")
    deep = next(v for v in verdicts if v.target.startswith("deep p50"))
    assert deep.status == "n/a"
    assert next(v for v in verdicts if v.target.startswith("search")).status == "n/a"


def test_markdown_table_and_doc_markers() -> None:
    table = core.markdown_table(("a", "b"), [["1", "x|y"]])
    assert table.splitlines() == ["| a | b |", "|---|---|", "| 1 | x\\|y |"]
    doc = "intro\n<!-- b -->\nold\n<!-- e -->\nend\n"
    assert core.replace_between_markers(doc, "<!-- b -->", "<!-- e -->", "new") == (
        "intro\n<!-- b -->\nnew\n<!-- e -->\nend\n"
    )
    with pytest.raises(ValueError, match="markers"):
        core.replace_between_markers("nothing", "<!-- b -->", "<!-- e -->", "new")
    report = core.results_markdown(_results(900, 4, 4))
    assert "### 1,000,000 statements" in report
    assert "| hot | 900 | 1.00 | 4.00 | 1,000 | 1.00 | 0.90x |" in report


def test_settle_waits_for_a_busy_server_and_not_for_an_idle_one(tmp_path: Path) -> None:
    from bench.procs import SETTLE_WINDOW_S, Children

    children = Children(tmp_path)
    # Busy for about 0.8 s of CPU after it starts, as a server finishing queued requests.
    busy = "import time\nend = time.process_time() + 0.8\nwhile time.process_time() < end: pass\n"
    children.start("busy", [sys.executable, "-c", busy + "time.sleep(30)"])
    children.start("idle", [sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        waited = children.settle(timeout=10)
        assert 0.5 < waited < 5, waited
        # Now both are idle: one quiet window is enough.
        assert children.settle(timeout=10) < 3 * SETTLE_WINDOW_S
    finally:
        children.stop_all()


def test_the_hot_compressed_page_is_a_scenario_with_a_target() -> None:
    assert core.parse_scenarios(["hot-gzip"]) == ["hot-gzip"]
    assert "hot-gzip" in core.SCENARIO_TEXT
    results = _results(900, 4, 4)
    for scale in results["scales"].values():
        scale["scenarios"]["hot-gzip"] = {
            "ours": _figure(800, 1, 3),
            "ceiling": _figure(1000, 1, 2),
        }
    verdicts = _verdicts(results)
    assert verdicts["hot-gzip @ 1,000: ≥85% of ceiling req/s, p99 < 5 ms"] == "FAIL"


def test_a_request_with_headers_is_one_line_and_reads_back() -> None:
    line = procs.with_headers("/v1/statements?limit=50", [("Accept-Encoding", "gzip")])
    assert line == "/v1/statements?limit=50\taccept-encoding: gzip"
    assert procs.split_request(line) == ("/v1/statements?limit=50", {"accept-encoding": "gzip"})
    assert procs.split_request("/v1/visits") == ("/v1/visits", {})


def test_the_ceiling_replays_the_compressed_answer_to_a_request_that_asks_for_it() -> None:
    plain = ({"type": "http.response.start", "status": 200, "headers": []}, {"body": b"plain"})
    coded = ({"type": "http.response.start", "status": 200, "headers": []}, {"body": b"gz"})
    app = ceiling.make_app({"/v1/x?a=1": plain, "/v1/x?a=1\taccept-encoding: gzip": coded})

    def body(headers: list[tuple[bytes, bytes]]) -> bytes:
        sent: list[ceiling.Message] = []

        async def send(message: ceiling.Message) -> None:
            sent.append(message)

        async def receive() -> ceiling.Message:
            return {}

        async def call() -> None:
            scope = {"type": "http", "path": "/v1/x", "query_string": b"a=1", "headers": headers}
            await app(scope, receive, send)

        asyncio.run(call())
        return bytes(sent[1]["body"])

    assert body([(b"accept-encoding", b"gzip")]) == b"gz"
    assert body([]) == b"plain"
    # What http.client sends on its own falls back to the plain answer.
    assert body([(b"accept-encoding", b"identity")]) == b"plain"


def test_the_instruction_count_sends_exactly_the_requests_it_counts() -> None:
    """``bench.instructions`` divides a count by the requests it sent: it must send that
    many, keep-alive, with the headers asked, and count only the 200s."""
    seen: list[bytes] = []
    ready = threading.Event()
    ports: list[int] = []
    loop = asyncio.new_event_loop()

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError):
                break
            seen.append(head)
            found = head.startswith(b"GET /ok ")
            writer.write(
                b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"
                if found
                else b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n"
            )
            await writer.drain()
        writer.close()

    stop: list[asyncio.Future[None]] = []

    async def serve() -> None:
        # Port 0: the kernel picks a free one as it binds, so no parallel test can take it.
        server = await asyncio.start_server(answer, procs.HOST, 0)
        ports.append(server.sockets[0].getsockname()[1])
        stop.append(loop.create_future())
        ready.set()
        async with server:
            await stop[0]

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    assert ready.wait(10)
    (port,) = ports
    try:
        assert instructions.drive(port, "/ok", [("Accept-Encoding", "gzip")], 64) == 64
        assert len(seen) == 64
        assert all(b"Accept-Encoding: gzip\r\n" in head for head in seen)
        # 32 connections take an equal share: 70 asked is 64 sent.
        assert instructions.drive(port, "/ok", [], 70) == 64
        assert instructions.drive(port, "/missing", [], 32) == 0
        assert len(seen) == 64 + 64 + 32
    finally:
        loop.call_soon_threadsafe(stop[0].set_result, None)
        thread.join(10)
        loop.close()


@pytest.mark.parametrize("gzip", [False, True])
def test_the_replay_count_compares_one_answer_with_and_without_each_watch(
    seeded_engine: Engine, gzip: bool
) -> None:
    """``bench.replay_instructions`` reads a part's cost as the difference between two
    variants: each must replay the same answer, the ceiling's byte for byte, and differ
    only by the watch it leaves out."""
    if seeded_engine.dialect.name != "sqlite":
        pytest.skip("the count serves a SQLite file")
    database = str(seeded_engine.url.database)
    answers = {
        variant: asyncio.run(
            replay_instructions._recorded(replay_instructions._app(variant, database, gzip), gzip)
        )
        for variant in replay_instructions.VARIANTS[1:]
    }

    def names(variant: str) -> set[bytes]:
        return {name for name, _ in answers[variant][0]["headers"]}

    bodies = {bytes(body["body"]) for _, body in answers.values()}
    assert len(bodies) == 1
    assert (b"content-encoding" in names("stack")) is gzip
    assert {b"ratelimit", b"ratelimit-policy"} <= names("stack") & names("no metrics")
    assert not {b"ratelimit"} & (names("no rate limit") | names("no watches"))
    # Each request gets new strings, as from uvicorn: no dictionary finds them by identity.
    first, second = replay_instructions._scope(gzip), replay_instructions._scope(gzip)
    assert first["path"] == second["path"]
    assert first["path"] is not second["path"]
    assert first["headers"][0][0] is not second["headers"][0][0]
