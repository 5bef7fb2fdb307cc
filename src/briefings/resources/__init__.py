"""The nine collections, declared once each, and the registry the kit serves them from."""

from briefings.catalog import REF_TARGETS
from briefings.kit.collection import Registry
from briefings.resources.actors.resource import RESOURCE as ACTORS
from briefings.resources.areas.resource import RESOURCE as AREAS
from briefings.resources.briefings.resource import RESOURCE as BRIEFINGS
from briefings.resources.figures.resource import RESOURCE as FIGURES
from briefings.resources.places.resource import RESOURCE as PLACES
from briefings.resources.projects.resource import RESOURCE as PROJECTS
from briefings.resources.sources.resource import RESOURCE as SOURCES
from briefings.resources.statements.resource import RESOURCE as STATEMENTS
from briefings.resources.visits.resource import RESOURCE as VISITS

ALL = (VISITS, STATEMENTS, PROJECTS, AREAS, ACTORS, PLACES, FIGURES, SOURCES, BRIEFINGS)

REGISTRY = Registry({resource.type: resource for resource in ALL}, REF_TARGETS)
