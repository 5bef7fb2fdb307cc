"""Liveness and readiness, for load balancers and the Dockerfile's HEALTHCHECK."""

from fastapi import APIRouter, Request
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse

from briefings import migrations

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Process is alive")
def healthz() -> dict[str, str]:
    """Answers as long as the process serves requests; touches no database."""
    return {"status": "ok"}


def _readiness(engine: Engine) -> tuple[bool, str]:
    try:
        current = migrations.current_revision(engine)
    except SQLAlchemyError as error:
        return False, f"database unreachable: {type(error).__name__}"
    head = migrations.head_revision()
    if current != head:
        return False, f"database at migration {current}, code expects {head}"
    return True, f"database reachable, at migration {head}"


@router.get(
    "/readyz",
    summary="Database reachable and migrated",
    responses={503: {"description": "database unreachable or not at the migration head"}},
)
async def readyz(request: Request) -> JSONResponse:
    """Ready when the database answers and its schema is at the code's migration head."""
    ready, detail = await run_in_threadpool(_readiness, request.app.state.engine)
    return JSONResponse(
        {"status": "ok" if ready else "unavailable", "detail": detail},
        status_code=200 if ready else 503,
    )


# HEAD answers with GET's headers and no body; it stays out of the document.
router.add_api_route("/healthz", healthz, methods=["HEAD"], include_in_schema=False)
router.add_api_route("/readyz", readyz, methods=["HEAD"], include_in_schema=False)
