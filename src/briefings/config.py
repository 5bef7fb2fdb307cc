"""Settings, read from the environment with the ``BRIEFINGS_`` prefix."""

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from limits import parse_many
from pydantic import Field, IPvAnyNetwork, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Path segments of unreserved characters: nothing that could end the path, start a query
# or a new host in a link, or climb out with "..".
PREFIX = re.compile(r"(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+")
MAX_PREFIX = 200


def clean_prefix(value: str) -> str | None:
    """``value`` without its trailing slash if it is a safe prefix ('' for none)."""
    value = value.strip().rstrip("/")
    if not value:
        return ""
    if len(value) > MAX_PREFIX or not PREFIX.fullmatch(value) or "/../" in value + "/":
        return None
    return value


class Settings(BaseSettings):
    """Every setting is documented in the README; a test checks that it stays so."""

    model_config = SettingsConfigDict(env_prefix="BRIEFINGS_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///briefings.db",
        description="SQLAlchemy URL of the database; a SQLite file in the working folder "
        "by default, `postgresql+psycopg://user@host:5432/db` for PostgreSQL.",
    )
    seeds_dir: Path = Field(
        default=PROJECT_ROOT / "seeds",
        description="Folder holding the source articles and the curated seed files.",
    )
    cors_origins: list[str] = Field(
        default=["*"],
        description="Origins allowed to read the API from a browser (JSON list); "
        "`[]` turns CORS off.",
    )
    cache_max_age: int = Field(
        default=60,
        ge=0,
        description="Seconds a client or proxy may reuse a GET answer before it revalidates "
        "with its ETag.",
    )
    page_limit_default: int = Field(
        default=50, ge=1, description="Page size when `limit` is absent."
    )
    page_limit_max: int = Field(default=500, ge=1, description="Largest `limit` a client may ask.")
    response_cache_bytes: int = Field(
        default=64 * 1024 * 1024,
        ge=0,
        description="Memory for answers kept and served again until the data changes; "
        "0 turns the cache off.",
    )
    sqlite_cache_bytes: int = Field(
        default=24 * 1024 * 1024,
        ge=0,
        description="Memory for SQLite's page caches, all of a serving process's connections "
        "together (SQLite's soft heap limit); 0 leaves each connection its own 16 MiB.",
    )
    revision_poll_seconds: float = Field(
        default=1.0,
        ge=0,
        description="On PostgreSQL, how often a process checks whether another one changed "
        "the data: the longest a cached answer can lag a commit. SQLite checks every request.",
    )
    sse_heartbeat_seconds: float = Field(
        default=15.0,
        gt=0,
        description="Seconds between heartbeats (a comment line) on a quiet live tail of "
        "`/v1/changes`, so proxies keep the connection and clients notice a dead one.",
    )
    max_url_bytes: int = Field(
        default=8 * 1024,
        ge=256,
        description="Longest request target (path and query) in bytes; a longer one is "
        "answered 414.",
    )
    max_header_bytes: int = Field(
        default=32 * 1024,
        ge=1024,
        description="Largest request head (request line and headers) in bytes; a larger one "
        "is answered 431 as soon as that many bytes have arrived.",
    )
    header_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        description="Time a client has to send a whole request head once it connects or "
        "starts a request; a silent or trickling client is answered 408 and disconnected.",
    )
    keep_alive_seconds: int = Field(
        default=5,
        ge=1,
        description="How long an idle connection is kept open between requests.",
    )
    max_body_bytes: int = Field(
        default=1024 * 1024,
        ge=0,
        description="Largest request body in bytes (an import or a record write); a larger "
        "one is answered 413 before it is read.",
    )
    max_connections: int = Field(
        default=1000,
        ge=1,
        description="Open connections a server process holds; one more is answered 503 and "
        "closed. Kept 64 below the process's file descriptor limit (`ulimit -n`).",
    )
    query_timeout_ms: int = Field(
        default=1000,
        ge=0,
        description="Deadline of a request's database work (on PostgreSQL, of each statement), "
        "in milliseconds; past it the answer is a 503 `query-timeout` problem. 0 turns it off.",
    )
    query_threads: int = Field(
        # A core for the event loop, the others for slow reads: SQLite works without the
        # GIL, but more threads than cores only took the loop's core from it (the /healthz
        # p99 beside four costly URLs: 28 ms with 4 threads, 10 ms with 1 on 2 cores).
        default_factory=lambda: max(1, (os.cpu_count() or 2) - 1),
        ge=0,
        description="Requests whose slow database work runs at once in threads off the event "
        "loop (each holds a pooled connection); more wait their turn while `/healthz` and "
        "cached answers go on. 0 runs all database work on the event loop, bounded only by "
        "the deadline. Default: one fewer than the CPUs, at least 1.",
    )
    query_loop_ms: int = Field(
        # Nine reads in ten of a cold page finish within 2 ms at 100k statements; a longer
        # share held /healthz behind each slow read's first attempt (docs/reliability.md).
        default=2,
        ge=0,
        description="How long a request's database work may hold the event loop, in "
        "milliseconds: most reads finish within it and pay no hand-off; a read still running "
        "is stopped and run again in one of the `query_threads`, within what is left of the "
        "deadline. 0 sends every read to the threads.",
    )
    log_level: str = Field(default="info", description="Log level of the server.")
    access_log: bool = Field(
        default=False,
        description="Log every request (off by default: at thousands of requests a second "
        "the log costs more than the answer).",
    )
    log_format: Literal["text", "json"] = Field(
        default="text",
        description="`text`, or `json` for one JSON object per line (the server's own lines "
        "and each request's: method, route, status, duration_ms, request_id, client).",
    )
    rate_limits: str = Field(
        default="6000/minute",
        description="Requests one client may make, per process, as `N/period` limits "
        "separated by `;` (e.g. `6000/minute;500/5 seconds` to bound bursts too); every one "
        "applies. Empty turns rate limiting off.",
    )
    metrics: bool = Field(
        default=True,
        description="Serve `/metrics` (Prometheus) and count every request.",
    )
    trusted_proxies: list[IPvAnyNetwork] = Field(
        default=[],
        description="Addresses or networks of proxies whose `X-Forwarded-For` or `Forwarded` "
        "header names the client, and whose `X-Forwarded-Prefix` names the path prefix "
        "(JSON list); any other peer is the client itself.",
    )

    root_path: str = Field(
        default="",
        description="Path prefix the API is reached under behind a proxy that strips it "
        "(e.g. `/briefings`): links and `href`s start with it. A trusted proxy's "
        "`X-Forwarded-Prefix` overrides it per request. Also `briefings serve --root-path`.",
    )

    @field_validator("root_path")
    @classmethod
    def _root_path_is_a_path(cls, value: str) -> str:
        cleaned = clean_prefix(value)
        if cleaned is None:
            raise ValueError("must be a path such as /briefings, of letters, digits and -._~")
        return cleaned

    @field_validator("rate_limits")
    @classmethod
    def _rate_limits_parse(cls, value: str) -> str:
        if value.strip():
            parse_many(value)  # a ValueError naming the text it could not read
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
