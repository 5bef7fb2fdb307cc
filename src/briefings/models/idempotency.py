import datetime as dt

from sqlalchemy import DateTime, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from briefings.models.base import Base


class IdempotentResult(Base):
    """The answer to a POST made with an ``Idempotency-Key``, stored in the transaction
    that applied it: a retry finds it and gets the same answer, nothing applied twice."""

    __tablename__ = "idempotent_results"

    key_name: Mapped[str] = mapped_column(String(80), primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
