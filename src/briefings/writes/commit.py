"""A write in its transaction, in a worker thread, and what follows its commit."""

from collections.abc import Callable
from typing import TypeVar

import anyio.to_thread
from fastapi import Request
from sqlalchemy.orm import Session

from briefings.changes.lock import writing
from briefings.changes.signal import signal_of
from briefings.seeding import LoadRefused, SeedError
from briefings.writes.problems import invalid_document, refused

T = TypeVar("T")


async def write(request: Request, work: Callable[[Session], T]) -> T:
    """Runs ``work`` in a write transaction holding the write lock, off the event loop
    (a large import takes seconds; reads go on meanwhile), then wakes this process's
    live tails and its response cache at once; other processes hear of it by NOTIFY or
    the WAL header. A refusal of the loading path becomes its problem; nothing is kept."""

    def run() -> T:
        try:
            with writing(request.app.state.engine) as session:
                return work(session)
        except SeedError as error:
            raise invalid_document(error.problems) from None
        except LoadRefused as error:
            raise refused(error.reasons) from None

    result = await anyio.to_thread.run_sync(run)
    signal_of(request.app).wake()
    return result
