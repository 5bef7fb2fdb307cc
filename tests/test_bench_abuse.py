"""The abuse suite's parts that need no server (bench/abuse): options, the corpus's
declarations, how an answer is judged, and how a failure reaches the report."""

import shutil
import sys
from pathlib import Path

import orjson
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.abuse import cli, corpus, soak, wire
from bench.abuse.corpus import ANY_PROBLEM, Hostile, judge
from bench.abuse.report import Check, Report, percentile
from bench.abuse.wire import Observed


def test_defaults_run_every_part_with_a_ten_minute_soak() -> None:
    options = cli.parse_args([])
    assert options.parts == ("corpus", "figures", "soak")
    assert options.soak_minutes == 10.0
    assert options.statements == 100_000
    assert options.database_url is None


def test_a_quick_look_and_parts_in_canonical_order() -> None:
    options = cli.parse_args(["--soak-minutes", "1", "--parts", "soak,corpus"])
    assert options.soak_minutes == 1.0
    assert options.parts == ("corpus", "soak")


def test_a_soak_of_zero_minutes_leaves_the_soak_out() -> None:
    assert cli.parse_args(["--soak-minutes", "0"]).parts == ("corpus", "figures")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--soak-minutes", "-1"], "at least 0"),
        (["--soak-minutes", "ten"], "'ten' is not a number of minutes"),
        (["--soak-clients", "0"], "at least 1"),
        (["--seed-every", "0.5"], "at least 1"),
        (["--statements", "1e5"], "not a whole number"),
        (["--parts", "corpus,warm"], "unknown part 'warm'; the parts are corpus, figures, soak"),
        (["--parts", ","], "unknown part"),
        (["--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_a_bad_option_exits_2_and_says_why(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_help_lists_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--help"])
    assert exit_.value.code == 0
    shown = capsys.readouterr().out
    for option in ("--soak-minutes", "--database-url", "--parts", "--seed-every", "--out"):
        assert option in shown


ENTRIES = corpus.corpus(rate_limit=300)


@pytest.mark.parametrize(
    "listed_in_the_issue",
    [
        "costly URL: 2 areas + 1000 made-up",
        "costly URL: 676 countries + facets",
        "costly URL: q=z y x ... a (26 words)",
        "costly URL: search q=a",
        "2,000 distinct 100 kB Accept headers",
        "one 100 MB header",
        "10,000 unknown parameters",
        "200 slowloris connections",
        "1,000 silent connections",
        "forged X-Forwarded-For",
        "X-Request-Id",
        "Host: evil.example",
        "method DELETE",
        "encoding: invalid UTF-8",
        "body: Content-Length 10 GB",
    ],
)
def test_the_corpus_holds_every_hostile_input_of_the_issue(listed_in_the_issue: str) -> None:
    assert any(entry.name.startswith(listed_in_the_issue) for entry in ENTRIES)


def test_every_input_declares_its_answer_and_a_time_bound() -> None:
    names = [entry.name for entry in ENTRIES]
    assert len(names) == len(set(names))
    for entry in ENTRIES:
        assert entry.answers, entry.name
        assert all(100 <= status < 600 for status in entry.answers), entry.name
        assert 0 < entry.within <= corpus.CUT_S, entry.name
        assert entry.server in ("default", "limited"), entry.name
        assert "within" in entry.expected()
    # The costly URLs are bound by the query deadline, not only by "it answered".
    costly = [entry for entry in ENTRIES if entry.name.startswith("costly URL")]
    assert costly
    assert all(entry.within < corpus.DEADLINE_S + 1 for entry in costly)


def _problem(status: int, kind: str, seconds: float = 0.01) -> Observed:
    body = orjson.dumps({"type": wire.PROBLEM_PREFIX + kind, "status": status})
    return Observed(status, seconds, {"content-type": "application/problem+json"}, body)


def _too_many_values() -> Hostile:
    return Hostile("too many values", lambda port: [], {400: "invalid-parameter"}, 1.0)


def test_the_expected_answer_in_time_passes() -> None:
    check = judge(_too_many_values(), [_problem(400, "invalid-parameter", 0.2)])
    assert (check.ok, check.status, check.seconds) == (True, "400", 0.2)
    assert check.line().startswith("PASS  too many values")


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        ([_problem(500, "internal")], "status 500"),
        ([_problem(400, "not-found")], "400 problem 'not-found', not 'invalid-parameter'"),
        ([_problem(400, "invalid-parameter", 3.0)], "took 3.000 s"),
        ([Observed(None, 0.5, error="ConnectionResetError")], "no answer (ConnectionResetError)"),
        ([], "nothing was sent"),
        ([_problem(400, "invalid-parameter"), _problem(503, "x")], "status 503"),
    ],
)
def test_a_wrong_answer_fails_and_says_what_came(answers: list[Observed], reason: str) -> None:
    check = judge(_too_many_values(), answers)
    assert not check.ok
    assert reason in check.detail
    assert check.line().startswith("FAIL")


def test_any_problem_document_means_problem_json_not_plain_text() -> None:
    hostile = Hostile("malformed", lambda port: [], {400: ANY_PROBLEM}, 1.0)
    plain = Observed(400, 0.0, {"content-type": "text/plain"}, b"Invalid HTTP request received.")
    assert not judge(hostile, [plain]).ok
    assert judge(hostile, [_problem(400, "bad-request")]).ok


def test_a_further_condition_fails_the_check_and_many_answers_are_counted() -> None:
    hostile = Hostile(
        "held open",
        lambda port: [],
        {408: "request-timeout"},
        15.0,
        also=lambda answers: ["the server stopped answering"],
    )
    check = judge(hostile, [_problem(408, "request-timeout")] * 3)
    assert not check.ok
    assert check.status == "408 x3"
    assert check.detail == "the server stopped answering"


def test_a_request_head_carries_raw_bytes_as_given() -> None:
    head = wire.head("G@T", b"/v1/\xff", [("X-Id", b"\x00\xff")], host=b"evil.example")
    assert head == (
        b"G@T /v1/\xff HTTP/1.1\r\nHost: evil.example\r\nX-Id: \x00\xff\r\n"
        b"Connection: close\r\n\r\n"
    )


def test_a_failed_check_fails_the_run_in_text_and_json(tmp_path: Path) -> None:
    report = Report()
    report.check(Check("corpus", "fine", True, "400", 0.1, "400"))
    assert report.exit_status() == 0
    report.check(Check("soak", "errors", False, "3 5xx", None, "0 5xx", "3 of 10"))
    report.say("soak", "a figure line")
    assert report.exit_status() == 1
    text = report.text()
    assert "FAIL  errors" in text
    assert "1 of 2 checks passed: FAILED soak/errors" in text
    assert "a figure line" in text
    text_path, json_path = report.write(tmp_path)
    document = orjson.loads(json_path.read_bytes())
    assert document["passed"] is False
    assert [c["verdict"] for c in document["checks"]] == ["PASS", "FAIL"]
    assert text_path.read_text() == text


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [
        ([3.0, 1.0, 2.0], 0.5, 2.0),
        (list(map(float, range(1, 101))), 0.99, 99.0),
        ([5.0], 0.99, 5.0),
    ],
)
def test_percentile_is_the_nearest_rank(values: list[float], share: float, expected: float) -> None:
    assert percentile(values, share) == expected


def test_each_seed_round_is_a_real_edit_of_the_seed_files() -> None:
    folder, edit = soak._seed_copy()
    try:
        (yaml_path,) = folder.glob("*.yaml")
        edit(3)
        assert "(soak round 3)" in yaml_path.read_text()
        edit(4)
        text = yaml_path.read_text()
        assert "(soak round 4)" in text
        assert "(soak round 3)" not in text
    finally:
        shutil.rmtree(folder)


def test_the_soak_table_has_a_row_a_minute_and_the_end_counts_in_the_last() -> None:
    samples: list[soak.Sample] = [
        (1.0, "hot", 200, 0.002),
        (59.0, "cold", 503, 0.9),
        (61.0, "item", 200, 0.004),
        (120.3, "csv", None, 0.1),  # still running when the two minutes ended
    ]
    rows = soak.per_minute(samples, minutes=2)
    assert [(r.minute, r.requests, r.errors) for r in rows] == [(1, 2, 1), (2, 2, 1)]
    assert rows[0].rate == pytest.approx(2 / 60)
    assert rows[0].slowest == 0.9
    half = soak.per_minute([(10.0, "hot", 200, 0.001), (31.0, "hot", 200, 0.001)], 0.5)
    assert [(r.minute, r.requests) for r in half] == [(1, 2)]
    assert half[0].rate == pytest.approx(2 / 30)
