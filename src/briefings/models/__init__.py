"""ORM tables, re-exported so Alembic sees the whole metadata."""

from functools import cache

from sqlalchemy import Table

from briefings.models import links
from briefings.models.actor import Actor
from briefings.models.api_key import ApiKey
from briefings.models.area import CooperationArea
from briefings.models.base import Base
from briefings.models.briefing import Briefing
from briefings.models.change import Change
from briefings.models.evidence import Evidence
from briefings.models.figure import Figure
from briefings.models.idempotency import IdempotentResult
from briefings.models.place import Place
from briefings.models.project import Project
from briefings.models.revision import DataRevision
from briefings.models.source import Source
from briefings.models.statement import Statement
from briefings.models.visit import Visit
from briefings.search import models as search_models


@cache
def sorted_tables() -> tuple[Table, ...]:
    """The metadata's tables, each after the tables it references. SQLAlchemy sorts them
    again on every ``sorted_tables``, which cost a load more than some of its statements."""
    return tuple(Base.metadata.sorted_tables)


__all__ = [
    "Actor",
    "ApiKey",
    "Base",
    "Briefing",
    "Change",
    "CooperationArea",
    "DataRevision",
    "Evidence",
    "Figure",
    "IdempotentResult",
    "Place",
    "Project",
    "Source",
    "Statement",
    "Visit",
    "links",
    "search_models",
    "sorted_tables",
]
