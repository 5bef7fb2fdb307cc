"""Liveness and readiness, for load balancers and the Dockerfile's HEALTHCHECK."""

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from briefings import migrations
from briefings.errors import Problem, ProblemError
from briefings.lifecycle import sqlite_file

router = APIRouter(tags=["Health"])


class Alive(BaseModel):
    status: Literal["ok"]


class Ready(BaseModel):
    status: Literal["ok"]
    detail: str


@router.get(
    "/healthz",
    summary="Process is alive",
    operation_id="healthz",
    response_model=None,
    responses={200: {"model": Alive, "description": "the process serves requests"}},
)
def healthz() -> dict[str, str]:
    """Answers as long as the process serves requests; touches no database."""
    return {"status": "ok"}


@dataclass
class DatabaseFile:
    """The identity (device, inode) of a SQLite file as the engine opened it. An open
    connection keeps reading a file that was deleted or replaced on disk (a restore, a
    deploy moving a new file in place), so readiness compares it with what the path
    names now."""

    engine: Engine
    identity: tuple[int, int] | None = field(init=False)
    # Whatever else holds the old file open (the revision clock, the response cache).
    on_reopen: list[Callable[[], None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.identity = self.current()

    def current(self) -> tuple[int, int] | None:
        path = sqlite_file(self.engine)
        if path is None:
            return None
        try:
            status = os.stat(path)
        except FileNotFoundError:
            return None
        return status.st_dev, status.st_ino

    def moved(self) -> str | None:
        """Why the file the engine reads is not the one at its path, if it is not; the
        engine's connections are then dropped so the next ones open what is there now."""
        path = sqlite_file(self.engine)
        if path is None:
            return None
        now = self.current()
        if now == self.identity:
            return None
        self.identity = now
        self.engine.dispose()
        for reopen in self.on_reopen:
            reopen()
        if now is None:
            return f"the database file {path.name} is missing"
        return f"the database file {path.name} was replaced; reopened on the new file"


def _readiness(engine: Engine, database_file: DatabaseFile) -> str:
    moved = database_file.moved()
    if moved is not None:
        return moved
    try:
        current = migrations.current_revision(engine)
    except SQLAlchemyError as error:
        return f"database unreachable: {type(error).__name__}"
    head = migrations.head_revision()
    if current != head:
        return f"database at migration {current}, code expects {head}"
    return ""


@router.get(
    "/readyz",
    summary="Database reachable and migrated",
    operation_id="readyz",
    response_model=None,
    responses={
        200: {"model": Ready, "description": "ready to serve"},
        503: {
            "model": Problem,
            "description": "database unreachable, not at the migration head, or its file "
            "missing or replaced (the next check reads the new file)",
        },
    },
)
async def readyz(request: Request) -> dict[str, str]:
    """Ready when the database answers, is the file it was opened as, and its schema is at
    the code's migration head."""
    state = request.app.state
    problem = await run_in_threadpool(_readiness, state.engine, state.database_file)
    if problem:
        raise ProblemError(503, "not-ready", "Not ready", problem)
    head = migrations.head_revision()
    return {"status": "ok", "detail": f"database reachable, at migration {head}"}


# HEAD answers with GET's headers and no body; it stays out of the document.
router.add_api_route("/healthz", healthz, methods=["HEAD"], include_in_schema=False)
router.add_api_route("/readyz", readyz, methods=["HEAD"], include_in_schema=False)
