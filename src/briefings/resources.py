"""The nine collections, declared once each, and the registry the kit serves them from."""

from briefings.actors.resource import RESOURCE as ACTORS
from briefings.areas.resource import RESOURCE as AREAS
from briefings.briefings.resource import RESOURCE as BRIEFINGS
from briefings.catalog import REF_TARGETS
from briefings.figures.resource import RESOURCE as FIGURES
from briefings.kit.collection import Registry
from briefings.places.resource import RESOURCE as PLACES
from briefings.projects.resource import RESOURCE as PROJECTS
from briefings.sources.resource import RESOURCE as SOURCES
from briefings.statements.resource import RESOURCE as STATEMENTS
from briefings.visits.resource import RESOURCE as VISITS

ALL = (VISITS, STATEMENTS, PROJECTS, AREAS, ACTORS, PLACES, FIGURES, SOURCES, BRIEFINGS)

REGISTRY = Registry({resource.type: resource for resource in ALL}, REF_TARGETS)
