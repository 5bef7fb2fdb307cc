"""Making, finding, listing and revoking API keys.

A key is a random token of 256 bits shown once; only its SHA-256 is stored. A slow
password hash (bcrypt, scrypt, argon2) protects low-entropy secrets from guessing once
the table leaks; a 256-bit random token cannot be guessed whatever the hash, and a
fast one lets every write find its key by an indexed equality (a salted slow hash would
need the key's id in the token and 100 ms of CPU per request). So SHA-256 it is.
"""

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from briefings.models import ApiKey

PREFIX = "brf_"
SCOPES = ("write", "read")
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")


class KeyProblem(Exception):  # noqa: N818 - said to the user as is
    pass


@dataclass(frozen=True)
class KeyInfo:
    name: str
    scope: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_key(session: Session, name: str, scope: str) -> str:
    """Stores a new key and returns its token, which is never stored nor shown again."""
    if not NAME.match(name):
        raise KeyProblem(
            f"name {name!r}: lowercase letters, digits, '.', '_' and '-', at most 80, "
            "starting with a letter or digit"
        )
    if scope not in SCOPES:
        raise KeyProblem(f"scope {scope!r} is not one of: {', '.join(SCOPES)}")
    token = PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiKey(
            name=name,
            scope=scope,
            token_sha256=digest(token),
            created_at=dt.datetime.now(dt.UTC),
        )
    )
    try:
        session.flush()
    except IntegrityError:
        raise KeyProblem(f"a key named {name!r} already exists") from None
    return token


def list_keys(session: Session) -> list[KeyInfo]:
    rows = session.scalars(select(ApiKey).order_by(ApiKey.name))
    return [KeyInfo(r.name, r.scope, r.created_at, r.revoked_at) for r in rows]


def revoke_key(session: Session, name: str) -> None:
    revoked = session.execute(
        update(ApiKey)
        .where(ApiKey.name == name, ApiKey.revoked_at.is_(None))
        .values(revoked_at=dt.datetime.now(dt.UTC))
    )
    if not revoked.rowcount:  # type: ignore[attr-defined]
        raise KeyProblem(f"no active key named {name!r}")


# Columns, not the entity, and built once: every write asks, and an ORM object costs
# more than the row, building the statement more than running it (``Resource.by_id``).
_KEYS = cast(Table, ApiKey.__table__)
_ACTIVE = select(_KEYS.c.name, _KEYS.c.scope, _KEYS.c.created_at, _KEYS.c.revoked_at).where(
    _KEYS.c.token_sha256 == bindparam("digest"), _KEYS.c.revoked_at.is_(None)
)


def find_key(session: Session, token: str) -> KeyInfo | None:
    """The active key with this token, or None."""
    row = session.execute(_ACTIVE, {"digest": digest(token)}).first()
    return None if row is None else KeyInfo(row.name, row.scope, row.created_at, row.revoked_at)
