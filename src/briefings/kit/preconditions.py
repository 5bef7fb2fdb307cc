"""Conditional writes: ``If-Match`` against the ETag the item route sends.

The ETag compared is the one ``GET /v1/{collection}/{id}`` (without parameters) answers
now, computed inside the write's transaction, under the write lock, from the same
bytes: a client that read the record and writes it back with that ETag succeeds only if
the record's representation did not change in between (a commit to it, or a new name of
a record it refers to), and two clients writing with the same ETag never both win. An
item carries its record's revision, not the data's: commits to other records leave its
ETag as it was, so writers of different records never turn each other away.
"""

from typing import Any

from fastapi import Request

from briefings.db import Reader
from briefings.errors import ProblemError
from briefings.kit.collection import Registry
from briefings.kit.http import dump_json, etag_of
from briefings.kit.refs import Batch
from briefings.kit.resource import Resource
from briefings.serving.compression import uncoded_etag


def item_document(
    session: Reader,
    registry: Registry,
    resource: Resource,
    record_id: str,
    batch: Batch | None = None,
) -> bytes | None:
    """The bytes ``GET /v1/{collection}/{id}`` answers now; None for no such record.
    ``batch`` may answer for what the session has just written (``LoadBatch``)."""
    row = resource.row(session, record_id)
    if row is None:
        return None
    body: dict[str, Any] = {
        "data": resource.detail(batch or registry.batch(session), row),
        "links": {"self": f"/v1/{resource.collection}/{record_id}"},
    }
    return dump_json(body)


def _tags(header: str) -> list[str]:
    # A client that read a compressed answer holds its coding's ETag (``"...-gzip"``):
    # the same state of the record as the plain one.
    return [uncoded_etag(tag.strip()) for tag in header.split(",") if tag.strip()]


def check(request: Request, current: bytes | None, *, creating: bool = False) -> None:
    """428 without a precondition, 412 when it fails. ``If-Match`` for a record that
    exists; ``If-None-Match: *`` to create one (PUT of a new id)."""
    if_match = request.headers.get("if-match")
    if_none_match = request.headers.get("if-none-match")
    if if_match is None and not (creating and if_none_match is not None):
        raise ProblemError(
            428,
            "precondition-required",
            "Precondition required",
            "send If-Match with the ETag of the record as last read (GET it first), "
            "or If-None-Match: * to create a new one",
        )
    etag = None if current is None else etag_of(current)
    headers = {"ETag": etag} if etag else {}
    if if_match is not None:
        tags = _tags(if_match)
        # Strong comparison (RFC 9110): a weak tag never matches.
        if etag is None or not ("*" in tags or etag in tags):
            raise ProblemError(
                412,
                "precondition-failed",
                "Precondition failed",
                "the record changed since it was read (or is gone): GET it again, "
                "apply the change to what it is now, and send its new ETag"
                if etag is not None
                else "the record does not exist",
                headers=headers,
            )
    if if_none_match is not None and "*" in _tags(if_none_match) and etag is not None:
        raise ProblemError(
            412,
            "precondition-failed",
            "Precondition failed",
            "If-None-Match: * asks to create the record, and it exists",
            headers=headers,
        )
