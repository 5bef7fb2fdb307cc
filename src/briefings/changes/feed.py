"""Reading the change log: pages of changes after a position, and one record's history.

A position is an opaque cursor holding the last ``seq`` a client has seen. It is what
``links.next`` carries and what the live tail sends as each event's ``id``, so a client
that polls and one that listens resume from the same value.
"""

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import orjson
from sqlalchemy import Select, select

from briefings.db import Reader
from briefings.errors import invalid_parameter
from briefings.models import Change

START = 0


def encode_position(seq: int) -> str:
    return base64.urlsafe_b64encode(orjson.dumps({"c": seq})).decode().rstrip("=")


def decode_position(value: str, parameter: str = "since") -> int:
    """The ``seq`` a cursor holds; a cursor this API did not issue is a 400."""
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        seq = orjson.loads(raw)["c"]
    except (binascii.Error, ValueError, KeyError, TypeError, orjson.JSONDecodeError):
        seq = None
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise invalid_parameter(parameter, "not a position this API issued; follow links.next")
    return seq


@dataclass(frozen=True)
class Entry:
    seq: int
    revision: int
    record_type: str
    record_id: str
    operation: str
    changed_at: Any
    origin: str
    body: bytes | None

    def item(self, collections: dict[str, str]) -> dict[str, Any]:
        """The change as the API lists it; the stored body passes through unparsed."""
        return {
            "revision": self.revision,
            "type": self.record_type,
            "id": self.record_id,
            "operation": self.operation,
            "time": self.changed_at.isoformat().replace("+00:00", "Z")
            if self.changed_at.tzinfo
            else self.changed_at.isoformat() + "Z",
            "origin": self.origin,
            "href": f"/v1/{collections[self.record_type]}/{self.record_id}",
            "position": encode_position(self.seq),
            "body": orjson.Fragment(self.body) if self.body is not None else None,
        }


_COLUMNS = (
    Change.seq,
    Change.revision,
    Change.record_type,
    Change.record_id,
    Change.operation,
    Change.changed_at,
    Change.origin,
    Change.body,
)


def after(session: Reader, seq: int, limit: int, record_types: Sequence[str] = ()) -> list[Entry]:
    """Up to ``limit`` changes after ``seq``, in commit order."""
    query = select(*_COLUMNS).where(Change.seq > seq)
    if record_types:
        query = query.where(Change.record_type.in_(record_types))
    rows = session.execute(query.order_by(Change.seq).limit(limit))
    return [Entry(*row) for row in rows]


def history(session: Reader, record_type: str, record_id: str, seq: int, limit: int) -> list[Entry]:
    """Up to ``limit`` versions of one record after ``seq``, oldest first."""
    query = (
        select(*_COLUMNS)
        .where(Change.record_type == record_type, Change.record_id == record_id)
        .where(Change.seq > seq)
        .order_by(Change.seq)
        .limit(limit)
    )
    return [Entry(*row) for row in session.execute(query)]


def last_change(session: Reader, record_type: str, record_id: str) -> Entry | None:
    """The record's latest change, to tell a deleted record (410) from one never made."""
    query = (
        select(*_COLUMNS)
        .where(Change.record_type == record_type, Change.record_id == record_id)
        .order_by(Change.seq.desc())
        .limit(1)
    )
    row = session.execute(query).first()
    return None if row is None else Entry(*row)


@cache
def _latest() -> Select[Any]:
    # Built once: an import asks it every time, and building it cost more than running it.
    return select(Change.seq).order_by(Change.seq.desc()).limit(1)


def latest_seq(session: Reader) -> int:
    return session.scalar(_latest()) or START
