"""A progress bar on one terminal line: percentage, rate and time left."""

import time
from collections.abc import Callable
from typing import TextIO

WIDTH = 30
REDRAW_SECONDS = 0.2


def duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


class Progress:
    """Redraws with ``\\r`` when ``live``; otherwise stays silent until ``finish``."""

    def __init__(
        self,
        total: int,
        stream: TextIO,
        live: bool,
        unit: str = "statements",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.stream = stream
        self.live = live
        self.unit = unit
        self.clock = clock
        self.started = clock()
        self.drawn_at: float | None = None
        self.done = 0

    def elapsed(self) -> float:
        return self.clock() - self.started

    def line(self, now: float | None = None) -> str:
        elapsed = (self.clock() if now is None else now) - self.started
        fraction = self.done / self.total if self.total else 1.0
        filled = round(WIDTH * fraction)
        rate = self.done / elapsed if elapsed > 0 else 0.0
        eta = (self.total - self.done) / rate if rate > 0 else None
        return (
            f"{fraction:6.1%} |{'#' * filled}{'.' * (WIDTH - filled)}| "
            f"{self.done:,}/{self.total:,} {self.unit}  {rate:,.0f}/s  "
            f"ETA {'?' if eta is None else duration(eta)}"
        )

    def advance(self, done: int) -> None:
        self.done = done
        if not self.live:
            return
        now = self.clock()
        if self.drawn_at is None or now - self.drawn_at >= REDRAW_SECONDS or done >= self.total:
            self.stream.write("\r" + self.line(now))
            self.stream.flush()
            self.drawn_at = now

    def finish(self, summary: str) -> None:
        """Always printed, bar or not: what was done, and how fast."""
        if self.live and self.drawn_at is not None:
            self.stream.write("\n")  # the bar drew its last state when done reached total
        self.stream.write(summary + "\n")
        self.stream.flush()
