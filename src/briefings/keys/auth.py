"""The one dependency every write route declares: a Bearer key with the write scope.

401 when the key is missing, malformed, unknown or revoked (with ``WWW-Authenticate``, as
RFC 6750 asks), 403 when the key is good but lacks the scope. The token never reaches a
log: only the key's name is kept in the request's state, for the change log's origin.
"""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from briefings.db import session_scope
from briefings.errors import ProblemError
from briefings.keys.store import KeyInfo, find_key

CHALLENGE = 'Bearer realm="briefings"'


def _unauthorized(detail: str, error: str | None) -> ProblemError:
    challenge = CHALLENGE + (f', error="{error}"' if error else "")
    return ProblemError(
        401, "unauthorized", "Unauthorized", detail, headers={"WWW-Authenticate": challenge}
    )


# Declares the scheme in the OpenAPI document; the checks below are ours, so each
# failure gets its own problem.
_SCHEME = HTTPBearer(
    auto_error=False,
    scheme_name="apiKey",
    description="`Authorization: Bearer <key>`; `briefings keys create` makes a key",
)


def bearer_key(
    request: Request,
    _declared: Annotated[HTTPAuthorizationCredentials | None, Depends(_SCHEME)],
) -> KeyInfo:
    header = request.headers.get("authorization")
    if header is None:
        raise _unauthorized(
            "writing needs an API key: send `Authorization: Bearer <key>` "
            "(`briefings keys create` makes one)",
            None,
        )
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized("the Authorization header is not `Bearer <key>`", "invalid_request")
    with session_scope(request.app.state.engine) as session:
        key = find_key(session, token.strip())
    if key is None:
        raise _unauthorized("this API key is unknown or was revoked", "invalid_token")
    return key


def write_key(key: Annotated[KeyInfo, Depends(bearer_key)]) -> KeyInfo:
    if key.scope != "write":
        raise ProblemError(
            403,
            "forbidden",
            "Forbidden",
            f"the key {key.name!r} has scope {key.scope!r}; writing needs scope 'write'",
        )
    return key


WriteKey = Annotated[KeyInfo, Depends(write_key)]
"""Declared by every write route: the key that writes, checked before the body is read."""
