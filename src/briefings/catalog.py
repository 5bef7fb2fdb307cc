"""The catalogue: every record type the API serves, named once.

Everything that lists record types is derived from this enumeration and from the one
folder each type has under ``briefings/resources/`` (see ``resources/__init__.py``):
the collections and their routes, the targets of references, the search documents,
the seed file's collections and the order they load in, and the ``type`` of each
output model in the OpenAPI document.
"""

from enum import StrEnum


class RecordType(StrEnum):
    """A record type, as the API names it in `type`."""

    # In load order: a record only references types listed before its own, so loading
    # in this order never writes a foreign key to a row not yet written.
    SOURCE = "source"
    COOPERATION_AREA = "cooperation-area"
    ACTOR = "actor"
    PLACE = "place"
    VISIT = "visit"
    STATEMENT = "statement"
    PROJECT = "project"
    FIGURE = "figure"
    BRIEFING = "briefing"
