"""Waking live tails when a change commits: at once for a commit in this process, by
PostgreSQL's LISTEN/NOTIFY for another process's, by polling the revision otherwise.

Every write transaction sends ``NOTIFY`` on PostgreSQL (delivered at commit, never for a
rolled-back one) and every write in this process calls ``wake`` after it commits. One
daemon thread per process listens on its own connection (psycopg 3, autocommit) and
wakes the waiters; when it cannot listen (SQLite, or the connection fails) it watches
the revision clock instead: on SQLite a compare of the WAL index header, cheap enough
to do every few milliseconds, on PostgreSQL a query every ``revision_poll_seconds``.
A waiter also wakes after its timeout, so a lost notification costs one heartbeat, not
the change.

A tail reads the log, then waits. A change heard of between the two must not wait for
the heartbeat: the signal counts what it has heard of (``heard``), a tail notes the count
before it reads and ``wait`` returns at once when the count has moved since. The first
watch, for the same reason, reads the SQLite revision it compares with before it
returns, not when its thread first runs: a commit in that gap was once heard of only at
the heartbeat (a test's tail, 30 s, on a loaded machine).
"""

import asyncio
import logging
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from briefings.changes.log import CHANNEL
from briefings.serving.freshness import RevisionClock, SqliteRevision, revision_clock

log = logging.getLogger("briefings")

# How often SQLite's WAL header is compared when no notification can come.
SQLITE_POLL_SECONDS = 0.01
# How long the listener waits for a notification before it looks at its state again.
LISTEN_TIMEOUT_SECONDS = 1.0


class ChangeSignal:
    """Waiters of any event loop, woken from any thread."""

    def __init__(self, engine: Engine, poll_seconds: float) -> None:
        self.engine = engine
        self.poll_seconds = poll_seconds
        self.lock = threading.Lock()
        self.waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = set()
        # Changes heard of so far.
        self.heard = 0
        self.watcher: threading.Thread | None = None
        self.stopped = threading.Event()
        # Told of every change heard of: the response cache's clock, so it reads the
        # revision again at the next request instead of at its next poll.
        self.listeners: list[Callable[[], None]] = []

    def wake(self) -> None:
        for listener in self.listeners:
            listener()
        with self.lock:
            self.heard += 1
            waiters, self.waiters = self.waiters, set()
        for loop, future in waiters:
            loop.call_soon_threadsafe(_resolve, future)

    async def wait(self, timeout: float, heard: int | None = None) -> bool:
        """Until the next change is heard of (True), or ``timeout`` seconds (False). With
        ``heard`` (the count noted before the caller read), at once if a change was heard
        of since."""
        self._watch()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        with self.lock:
            if heard is not None and heard != self.heard:
                return True
            self.waiters.add((loop, future))
        try:
            await asyncio.wait_for(future, timeout)
            return True
        except TimeoutError:
            return False
        finally:
            with self.lock:
                self.waiters.discard((loop, future))

    def close(self) -> None:
        self.stopped.set()

    def start(self) -> None:
        """Listens from now on, not from the first live tail: a served process wants
        other processes' commits for its cache too."""
        self._watch()

    def _watch(self) -> None:
        with self.lock:
            if self.watcher is not None:
                return
            # SQLite's revision is read here, in the caller: what it reads after this call
            # returns is compared with what the watch starts from.
            clock = None
            if self.engine.dialect.name != "postgresql":
                clock = revision_clock(self.engine, 0.0)
            start = clock.current() if isinstance(clock, SqliteRevision) else None
            self.watcher = threading.Thread(
                target=self._run, args=(clock, start), name="change-signal", daemon=True
            )
        self.watcher.start()

    def _run(self, clock: RevisionClock | None, start: int | None) -> None:
        if clock is None:
            try:
                self._listen()
            except Exception as error:  # the fallback below still delivers, later
                log.warning("LISTEN %s failed (%s); polling the revision instead", CHANNEL, error)
            clock = revision_clock(self.engine, 0.0)
        self._poll(clock, clock.current() if start is None else start)

    def _listen(self) -> None:
        import psycopg

        url = self.engine.url.set(drivername="postgresql")
        options: dict[str, Any] = {}
        query = dict(self.engine.url.query)
        if "options" in query:
            options["options"] = query["options"]
        connection = psycopg.connect(
            url.render_as_string(hide_password=False).split("?")[0], autocommit=True, **options
        )
        with connection:
            connection.execute(f"LISTEN {CHANNEL}")
            while not self.stopped.is_set():
                heard = False
                for _ in connection.notifies(timeout=LISTEN_TIMEOUT_SECONDS, stop_after=1):
                    heard = True
                if heard:
                    self.wake()

    def _poll(self, clock: RevisionClock, last: int) -> None:
        interval = SQLITE_POLL_SECONDS if isinstance(clock, SqliteRevision) else self.poll_seconds
        while not self.stopped.wait(max(interval, SQLITE_POLL_SECONDS)):
            now = clock.current()
            if now != last:
                last = now
                self.wake()


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def signal_of(app: Any) -> ChangeSignal:
    """The app's signal, made on first use (a process that never tails nor writes never
    opens the listening connection)."""
    signal: ChangeSignal | None = getattr(app.state, "change_signal", None)
    if signal is None:
        settings = app.state.settings
        signal = app.state.change_signal = ChangeSignal(
            app.state.engine, settings.revision_poll_seconds
        )
    return signal
