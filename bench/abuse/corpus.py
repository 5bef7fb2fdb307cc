"""The hostile corpus: every input issue 10 lists, each with the answer it must get.

An entry says what it sends (``send``: one or many exchanges), the answers allowed
(status -> problem type, ``ANY_PROBLEM`` for any problem document, None for an answer
that is not a problem), the time every answer must come within, and any further
conditions (``also``: messages for what is wrong, none when all is well). ``judge``
turns what came back into a report line. Bounds follow the shipped defaults
(``briefings.config.Settings``), which is how the suite's servers run.
"""

from __future__ import annotations

import contextlib
import re
import selectors
import socket
import string
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from bench.abuse import urls, wire
from bench.abuse.report import Check
from bench.abuse.wire import Observed
from briefings.config import Settings

ANY_PROBLEM = "*"
SECTION = "hostile corpus"


def _default(name: str) -> float:
    value = Settings.model_fields[name].default
    assert isinstance(value, int | float), name
    return float(value)


DEADLINE_S = _default("query_timeout_ms") / 1000
HEADER_TIMEOUT_S = _default("header_timeout_seconds")
MAX_URL_BYTES = int(_default("max_url_bytes"))
# What a costly URL may take beyond the deadline: the round trip, reading the answer,
# and a shared machine's scheduling.
DEADLINE_GRACE_S = 0.5
# A refusal that needs no database work.
QUICK_S = 1.0
# A connection cut for being slow or silent: the timeout plus the timer's granularity
# and a busy machine.
CUT_S = HEADER_TIMEOUT_S + 5.0
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

Sender = Callable[[int], list[Observed]]
Also = Callable[[list[Observed]], list[str]]


def _nothing_more(_: list[Observed]) -> list[str]:
    return []


@dataclass(frozen=True)
class Hostile:
    name: str
    send: Sender
    answers: Mapping[int, str | None]  # status -> required problem type
    within: float  # seconds each answer must come within
    also: Also = _nothing_more
    server: str = "default"  # "default" (as shipped) or "limited" (rate limit, metrics)

    def expected(self) -> str:
        shown = [f"{status} {problem or ''}".strip() for status, problem in self.answers.items()]
        return " or ".join(shown).replace(" *", " problem") + f" within {self.within:g} s"


def judge(hostile: Hostile, answers: Sequence[Observed]) -> Check:
    """PASS when every answer is an allowed status with its problem type, in time, and
    ``also`` finds nothing wrong."""
    wrong: list[str] = []
    for answer in answers:
        if answer.status is None:
            wrong.append(f"no answer ({answer.error or 'closed'})")
        elif answer.status not in hostile.answers:
            wrong.append(f"status {answer.status} ({_shape(answer)})")
        else:
            wanted = hostile.answers[answer.status]
            if wanted == ANY_PROBLEM and answer.problem is None:
                wrong.append(f"{answer.status} is not a problem document ({_shape(answer)})")
            elif wanted not in (None, ANY_PROBLEM) and answer.problem != wanted:
                wrong.append(f"{answer.status} problem {answer.problem!r}, not {wanted!r}")
            elif wanted is None and answer.problem is not None:
                wrong.append(f"{answer.status} problem {answer.problem!r}")
        if answer.seconds > hostile.within:
            wrong.append(f"took {answer.seconds:.3f} s")
    if not answers:
        wrong.append("nothing was sent")
    wrong += hostile.also(list(answers))
    counts = Counter(str(answer.status or "none") for answer in answers)
    status = ", ".join(
        code if len(answers) == 1 else f"{code} x{count}" for code, count in counts.most_common()
    )
    slowest = max((answer.seconds for answer in answers), default=None)
    detail = "; ".join(f"{message} (x{n})" if n > 1 else message for message, n in _tally(wrong))
    return Check(SECTION, hostile.name, not wrong, status, slowest, hostile.expected(), detail)


def _tally(messages: list[str]) -> list[tuple[str, int]]:
    return list(Counter(messages).items())[:5]


def _shape(answer: Observed) -> str:
    kind = answer.headers.get("content-type", "no content type")
    return f"{kind}: {answer.body[:60].decode('utf-8', 'replace')!r}"


# -- senders -------------------------------------------------------------------------


def _one(request: bytes) -> Sender:
    return lambda port: [wire.exchange(port, request)]


def _get(target: str, headers: Sequence[tuple[str, str | bytes]] = ()) -> Sender:
    return _one(wire.head("GET", target, headers))


def _parallel(count: int, make: Callable[[int], bytes], workers: int = 4) -> Sender:
    def send(port: int) -> list[Observed]:
        with ThreadPoolExecutor(workers) as pool:
            return list(pool.map(lambda n: wire.exchange(port, make(n)), range(count)))

    return send


def _accept_header(n: int) -> bytes:
    accept = f"application/json, x-{n}/" + "y" * 102_400
    return wire.head("GET", "/v1/places", [("Accept", accept)])


def _huge_header(port: int) -> list[Observed]:
    start = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
    return [wire.flood(port, start, 100 * 2**20)]


def _chunked_body(port: int) -> list[Observed]:
    start = wire.head("POST", "/v1/statements", [("Transfer-Encoding", "chunked")])
    chunk = 2**16
    filler = f"{chunk:x}\r\n".encode() + b"a" * chunk + b"\r\n"
    return [wire.flood(port, start, 16 * 2**20, filler=filler)]


def _unknown_parameters(count: int) -> str:
    return "/v1/statements?" + "&".join(f"u{n}=1" for n in range(count))


def _most_unknown_within_url_limit() -> int:
    count = 1
    while len(_unknown_parameters(count + 1)) < MAX_URL_BYTES - 64:
        count += 1
    return count


def _short_problem_list(expected_count: int) -> Also:
    def check(answers: list[Observed]) -> list[str]:
        wrong = []
        for answer in answers:
            if len(answer.body) > 16_384:
                wrong.append(f"problem body {len(answer.body):,} bytes")
            document = answer.json() if answer.problem else {}
            assert isinstance(document, dict)
            listed = len(document.get("errors", []))
            omitted = document.get("errors_omitted", 0)
            if listed > 20 or listed + omitted != expected_count:
                wrong.append(f"{listed} errors listed + {omitted} omitted != {expected_count}")
        return wrong

    return check


def _held_open(port: int, count: int, trickle: bool) -> list[Observed]:
    """Opens ``count`` connections that start a head and never finish it (``trickle``:
    one more header line each second, as slowloris does) or send nothing at all, and
    waits for the server to answer or close each; seconds are from the connection."""
    selector = selectors.DefaultSelector()
    opened: dict[socket.socket, float] = {}
    answers: list[Observed] = []
    for _ in range(count):
        try:
            sock = socket.create_connection((wire.HOST, port), timeout=10)
        except OSError as error:
            answers.append(Observed(None, 0.0, error=f"connect: {error}"))
            continue
        opened[sock] = time.perf_counter()
        if trickle:
            sock.sendall(b"GET /v1/places HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        selector.register(sock, selectors.EVENT_READ, sock)
    last_trickle = time.monotonic()
    give_up = time.monotonic() + CUT_S + 10
    while opened and time.monotonic() < give_up:
        for key, _ in selector.select(timeout=0.2):
            sock = key.data
            selector.unregister(sock)
            sock.settimeout(5)
            answers.append(wire.read_answer(sock, "GET", opened.pop(sock)))
            sock.close()
        if trickle and time.monotonic() - last_trickle >= 1.0:
            last_trickle = time.monotonic()
            for sock in list(opened):
                # A cut connection's answer (or its absence) is read above.
                with contextlib.suppress(OSError):
                    sock.sendall(b"X-a: b\r\n")
    for sock, started in opened.items():
        answers.append(Observed(None, time.perf_counter() - started, error="still open"))
        sock.close()
    selector.close()
    return answers


def _server_answers_after(sender: Sender) -> Sender:
    """``sender``'s answers, and then `/healthz` (the server must still answer)."""

    def send(port: int) -> list[Observed]:
        return [*sender(port), wire.get(port, "/healthz")]

    return send


def _forged_forwarded_for(limit: int) -> Sender:
    """Spends the peer's limit with a new forged ``X-Forwarded-For`` on each request; the
    last answer is for one more forged address. Counted as the peer, it is a 429."""

    def send(port: int) -> list[Observed]:
        for n in range(limit + 50):
            forged = [("X-Forwarded-For", f"203.0.113.{n % 250}, 198.51.100.{n % 200}")]
            if wire.get(port, "/v1/places?limit=1", forged).status == 429:
                break
        return [wire.get(port, "/v1/places?limit=1", [("X-Forwarded-For", "192.0.2.77")])]

    return send


def _new_request_id(sent: str | bytes) -> Also:
    def check(answers: list[Observed]) -> list[str]:
        wrong = []
        for answer in answers:
            got = answer.headers.get("x-request-id", "")
            if not SAFE_REQUEST_ID.match(got):
                wrong.append(f"answer's X-Request-Id {got[:40]!r} is not a safe token")
            if got.encode("latin-1", "replace") == (
                sent if isinstance(sent, bytes) else sent.encode()
            ):
                wrong.append("the client's X-Request-Id was echoed")
        return wrong

    return check


def _echoed_request_id(sent: str) -> Also:
    def check(answers: list[Observed]) -> list[str]:
        return [
            f"X-Request-Id {answer.headers.get('x-request-id')!r} is not the client's"
            for answer in answers
            if answer.headers.get("x-request-id") != sent
        ]

    return check


def _not_reflected(word: str) -> Also:
    def check(answers: list[Observed]) -> list[str]:
        wrong = []
        for answer in answers:
            if "location" in answer.headers:
                wrong.append(f"Location: {answer.headers['location']}")
            if any(word in value for value in answer.headers.values()):
                wrong.append(f"{word} in a header")
            if word.encode() in answer.body:
                wrong.append(f"{word} in the body")
        return wrong

    return check


def _one_etag(answers: list[Observed]) -> list[str]:
    # A timeout is not cached, so the next order does the work again; the results that
    # came must all be one answer.
    etags = {answer.headers.get("etag") for answer in answers if answer.status == 200}
    return [] if len(etags) == 1 else [f"{len(etags)} different ETags among the 200s"]


def _reordered_words(port: int) -> list[Observed]:
    # Whole words, so that the cost is a search's and what is measured is the cache key
    # (single letters are prefix searches over every record: the costly URLs' business).
    words = ["official", "nurtleu", "bishkek", "karasu", "Bichkek", "OFFICIAL"]
    found = []
    for n in range(50):
        shuffled = words[n % 6 :] + words[: n % 6] + words[: n % 3]  # rotated, duplicated
        found.append(wire.get(port, "/v1/search?q=" + "+".join(shuffled)))
    return found


def _allow_header(answers: list[Observed]) -> list[str]:
    return [
        f"Allow: {a.headers.get('allow')!r}"
        for a in answers
        if "GET" not in a.headers.get("allow", "")
    ]


# -- the corpus ----------------------------------------------------------------------


def corpus(rate_limit: int) -> list[Hostile]:
    """Every hostile input; ``rate_limit`` is the limited server's requests per window."""
    costly = urls.urls()
    within_deadline = DEADLINE_S + DEADLINE_GRACE_S
    result_or_timeout: dict[int, str | None] = {200: None, 503: "query-timeout"}
    over_cap = {400: "invalid-parameter"}
    unknown_within = _most_unknown_within_url_limit()
    many_unknown = _unknown_parameters(10_000)
    long_q = "/v1/statements?q=" + "a" * 501
    seventeen = "/v1/search?q=" + "+".join(f"w{c}" for c in string.ascii_lowercase[:17])
    bad_ids: list[str | bytes] = ["x" * 200, "<script>alert(1)</script>", "a b c", b"\xff\xfeid"]
    entries = [
        *(
            # Over the value cap; the 12 kB URL also passes the URL limit first.
            Hostile(
                f"costly URL: {name}",
                _get(target),
                {**over_cap, 414: "uri-too-long"},
                within_deadline,
            )
            for name, target in costly.items()
            if name not in urls.WITHIN_CAPS
        ),
        *(
            Hostile(f"costly URL: {name}", _get(target), result_or_timeout, within_deadline)
            for name, target in costly.items()
            if name in urls.WITHIN_CAPS
        ),
        Hostile("search: q of 501 characters", _get(long_q), over_cap, QUICK_S),
        Hostile("search: 17 different words", _get(seventeen), over_cap, QUICK_S),
        Hostile("search: blank q", _get("/v1/search?q=+++"), over_cap, QUICK_S),
        Hostile(
            "search: one query, 50 word orders",
            _reordered_words,
            {200: None, 503: "query-timeout"},
            within_deadline,
            _one_etag,
        ),
        Hostile(
            "2,000 distinct 100 kB Accept headers",
            _parallel(2000, _accept_header),
            {431: "request-header-fields-too-large"},
            QUICK_S,
        ),
        Hostile(
            "one 100 MB header", _huge_header, {431: "request-header-fields-too-large"}, QUICK_S
        ),
        Hostile(
            f"10,000 unknown parameters ({len(many_unknown) // 1024} kB URL)",
            _get(many_unknown),
            {414: "uri-too-long"},
            QUICK_S,
            _short_problem_list_or_none,
        ),
        Hostile(
            f"{unknown_within:,} unknown parameters (within the URL limit)",
            _get(_unknown_parameters(unknown_within)),
            over_cap,
            QUICK_S,
            _short_problem_list(unknown_within),
        ),
        Hostile(
            "200 slowloris connections",
            _server_answers_after(lambda port: _held_open(port, 200, trickle=True)),
            {408: "request-timeout", 200: None},
            CUT_S,
        ),
        Hostile(
            "1,000 silent connections",
            _server_answers_after(lambda port: _held_open(port, 1000, trickle=False)),
            # Past the connection limit (1,000, and our own probe) a connection is refused.
            {408: "request-timeout", 503: "too-many-connections", 200: None},
            CUT_S,
        ),
        Hostile(
            "forged X-Forwarded-For (untrusted peer)",
            _forged_forwarded_for(rate_limit),
            {429: "rate-limited"},
            QUICK_S,
            server="limited",
        ),
        *(
            Hostile(
                f"X-Request-Id {value[:24]!r}",
                _get("/v1/places?limit=1", [("X-Request-Id", value)]),
                {200: None},
                QUICK_S,
                _new_request_id(value),
            )
            for value in bad_ids
        ),
        Hostile(
            "X-Request-Id safe token (kept)",
            _get("/v1/places?limit=1", [("X-Request-Id", "abuse-suite.1")]),
            {200: None},
            QUICK_S,
            _echoed_request_id("abuse-suite.1"),
        ),
        Hostile(
            "Host: evil.example, trailing slash",
            _one(wire.head("GET", "/v1/places/", host=b"evil.example")),
            {404: "not-found"},
            QUICK_S,
            _not_reflected("evil.example"),
        ),
        Hostile(
            "Host and X-Forwarded-Host: evil.example",
            _one(
                wire.head(
                    "GET",
                    "/v1/places?limit=1",
                    [("X-Forwarded-Host", "evil.example")],
                    host=b"evil.example",
                )
            ),
            {200: None},
            QUICK_S,
            _not_reflected("evil.example"),
        ),
        *(
            Hostile(
                f"method {method} on a collection",
                _one(wire.head(method, "/v1/statements", body_headers)),
                {405: "method-not-allowed"},
                QUICK_S,
                _allow_header,
            )
            for method, body_headers in [
                ("DELETE", []),
                ("PUT", [("Content-Length", "0")]),
                ("PATCH", [("Content-Length", "0")]),
                ("OPTIONS", []),
                ("TRACE", []),
            ]
        ),
        # Unknown methods are not errors of the route but of the server: 405 or 501.
        Hostile(
            "method FOO (unknown)",
            _one(wire.head("FOO", "/v1/statements")),
            {405: "method-not-allowed", 501: ANY_PROBLEM},
            QUICK_S,
        ),
        *(
            Hostile(f"malformed: {name}", _one(request), {400: ANY_PROBLEM}, QUICK_S)
            for name, request in [
                ("method token with '@'", wire.head("G@T", "/v1/places")),
                ("raw bytes in the path", wire.head("GET", b"/v1/places/\xc3\xa9\xff")),
                ("0xFF and NUL in a header", wire.head("GET", "/", [("X-T", b"\xff\x00")])),
                (
                    "bad chunk size",
                    wire.head("POST", "/v1/places", [("Transfer-Encoding", "chunked")])
                    + b"zz\r\nabc\r\n0\r\n\r\n",
                ),
                (
                    "Content-Length and chunked (smuggling)",
                    wire.head(
                        "POST",
                        "/v1/places",
                        [("Transfer-Encoding", "chunked"), ("Content-Length", "5")],
                    )
                    + b"0\r\n\r\n",
                ),
                (
                    "Content-Length: abc",
                    wire.head("GET", "/v1/places", [("Content-Length", "abc")]),
                ),
            ]
        ),
        Hostile(
            "encoding: %ZZ in a filter",
            _get("/v1/statements?country=%ZZ"),
            over_cap,
            QUICK_S,
        ),
        Hostile(
            "encoding: invalid UTF-8 in q (%C3%28)",
            _get("/v1/statements?q=%C3%28"),
            over_cap,
            QUICK_S,
        ),
        Hostile(
            "encoding: invalid UTF-8 in an id (%FF%FE)",
            _get("/v1/places/%FF%FE"),
            {404: "not-found", 400: "invalid-parameter"},
            QUICK_S,
        ),
        Hostile(
            "encoding: Accept-Encoding nonsense",
            _get("/v1/places?limit=1", [("Accept-Encoding", "gzip;q=bogus, br;q=2, *;q=-1")]),
            {200: None},
            QUICK_S,
        ),
        Hostile(
            "encoding: Accept nonsense",
            _get("/v1/places?limit=1", [("Accept", ";;;,,,q=x")]),
            {406: "not-acceptable"},
            QUICK_S,
        ),
        Hostile(
            "body: Content-Length 10 GB",
            _one(wire.head("POST", "/v1/statements", [("Content-Length", str(10**10))])),
            {413: "content-too-large"},
            QUICK_S,
        ),
        Hostile(
            "body: 2 MB declared on a GET",
            _one(wire.head("GET", "/v1/places", [("Content-Length", str(2 * 10**6))])),
            {413: "content-too-large"},
            QUICK_S,
        ),
        # Not hostile: a body under the limit sent with its head, as a client sends a
        # write. On a read-only route it must meet the route (405), not a head limit.
        Hostile(
            "body: 100 kB declared and sent (under the limit)",
            _one(
                wire.head("POST", "/v1/statements", [("Content-Length", str(100 * 1024))])
                + b"a" * (100 * 1024)
            ),
            {405: "method-not-allowed"},
            QUICK_S,
        ),
        Hostile(
            "body: chunked, 16 MB streamed",
            _chunked_body,
            # POST is refused before the body is read, or the body's size refuses it.
            {405: "method-not-allowed", 413: "content-too-large"},
            QUICK_S,
        ),
    ]
    return entries


def _short_problem_list_or_none(answers: list[Observed]) -> list[str]:
    return [f"body {len(a.body):,} bytes" for a in answers if len(a.body) > 16_384]


def replay(port: int, hostile: Hostile) -> Check:
    try:
        return judge(hostile, hostile.send(port))
    except Exception as error:
        return Check(SECTION, hostile.name, False, "-", None, hostile.expected(), repr(error))


def run_all(
    ports: Mapping[str, int], entries: Sequence[Hostile], say: Callable[[str], None]
) -> list[Check]:
    checks = []
    for hostile in entries:
        if hostile.server not in ports:
            continue
        check = replay(ports[hostile.server], hostile)
        say(check.line())
        checks.append(check)
    return checks
