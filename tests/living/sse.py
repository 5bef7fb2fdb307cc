"""A client of the live tail, reading server-sent events in a thread."""

import queue
import threading
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson


@dataclass
class Event:
    id: str | None = None
    event: str | None = None
    data: Any = None
    comment: str | None = None


@dataclass
class Tail:
    """Events of ``GET url`` with ``Accept: text/event-stream``, as they come."""

    url: str
    headers: dict[str, str] = field(default_factory=dict)
    events: "queue.Queue[Event]" = field(default_factory=queue.Queue)
    opened: threading.Event = field(default_factory=threading.Event)
    closed: threading.Event = field(default_factory=threading.Event)
    status: int = 0
    client: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=None))

    def start(self, timeout: float = 20) -> "Tail":
        threading.Thread(target=self._run, daemon=True).start()
        assert self.opened.wait(timeout), "the tail did not open"
        return self

    def next(self, timeout: float = 20) -> Event:
        return self.events.get(timeout=timeout)

    def next_change(self, timeout: float = 20) -> Event:
        while True:
            event = self.next(timeout)
            if event.comment is None:
                return event

    def close(self) -> None:
        """Ends the stream: the server sees the client go."""
        self.closed.set()
        self.client.close()

    def _run(self) -> None:
        headers = {"Accept": "text/event-stream", **self.headers}
        with self.client.stream("GET", self.url, headers=headers) as response:
            self.status = response.status_code
            current = Event()
            for line in response.iter_lines():
                if self.closed.is_set():
                    return
                if line.startswith("retry:"):
                    self.opened.set()
                elif line.startswith(":"):
                    self.events.put(Event(comment=line[1:].strip()))
                elif line.startswith("id: "):
                    current.id = line[4:]
                elif line.startswith("event: "):
                    current.event = line[7:]
                elif line.startswith("data: "):
                    current.data = orjson.loads(line[6:])
                elif line == "" and current.id is not None:
                    self.events.put(current)
                    current = Event()
