"""``Idempotency-Key``: a POST retried with the same key applies once.

The answer is stored in the transaction that applies the request, under the key's name
and the client's key; a retry that finds it gets the same status and body back (with
``Idempotency-Replayed: true``) and writes nothing. The lookup runs under the write lock,
so two retries racing each other cannot both apply. A key reused for another body is a
422: the client mixed up two requests. (As in the IETF draft "The Idempotency-Key HTTP
Header Field".)
"""

import datetime as dt
import hashlib
import re

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import Response

from briefings.errors import ProblemError, invalid_parameter
from briefings.models import IdempotentResult

HEADER = "Idempotency-Key"
_VALID = re.compile(r"^[\x21-\x7e]{1,200}$")


def key_of(request: Request) -> str | None:
    value = request.headers.get(HEADER)
    if value is None:
        return None
    value = value.strip().strip('"')
    if not _VALID.match(value):
        raise invalid_parameter(HEADER, "1 to 200 visible ASCII characters")
    return value


def fingerprint(media: str, text: str) -> str:
    return hashlib.sha256(f"{media}\n{text}".encode()).hexdigest()


def replay(session: Session, key_name: str, key: str, digest: str) -> Response | None:
    stored = session.scalar(
        select(IdempotentResult).where(
            IdempotentResult.key_name == key_name, IdempotentResult.idempotency_key == key
        )
    )
    if stored is None:
        return None
    if stored.request_sha256 != digest:
        raise ProblemError(
            422,
            "idempotency-key-reused",
            "Idempotency key reused",
            f"{HEADER} {key!r} was used for another request body; use a new key",
        )
    return Response(
        stored.body,
        status_code=stored.status,
        media_type="application/json",
        headers={"Idempotency-Replayed": "true"},
    )


def remember(
    session: Session, key_name: str, key: str, digest: str, status: int, body: bytes
) -> None:
    session.add(
        IdempotentResult(
            key_name=key_name,
            idempotency_key=key,
            request_sha256=digest,
            status=status,
            body=body,
            created_at=dt.datetime.now(dt.UTC),
        )
    )
