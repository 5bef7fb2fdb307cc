"""The answer for an id a collection does not hold: gone (deleted, with its history) or
never there."""

from briefings.changes import feed
from briefings.db import Reader
from briefings.errors import ProblemError, not_found
from briefings.kit.resource import Resource


def history_path(resource: Resource, record_id: str) -> str:
    return f"/v1/{resource.collection}/{record_id}/history"


def gone_or_missing(session: Reader, resource: Resource, record_id: str) -> ProblemError:
    """The problem for an id the collection does not hold: 410 with the record's history
    when it was deleted, 404 when it never was."""
    last = feed.last_change(session, resource.type, record_id)
    if last is None or last.operation != "delete":
        return not_found(
            f"no {resource.type} with id {record_id!r}; list them at /v1/{resource.collection}"
        )
    path = history_path(resource, record_id)
    return ProblemError(
        410,
        "gone",
        "Gone",
        f"{resource.type} {record_id!r} was deleted at revision {last.revision}; "
        f"its versions are at {path}",
        headers={"Link": f'<{path}>; rel="history"'},
        extensions={"history": path, "deleted_at_revision": last.revision},
    )
