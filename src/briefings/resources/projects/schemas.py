from briefings.schemas import Cited, Ref
from briefings.vocab import CountryCode, Localized, ProjectKind, ProjectStatus


class ProjectOut(Cited):
    """A project, programme or initiative the source names."""

    name: Localized
    kind: ProjectKind
    status: ProjectStatus
    place: Ref | None
    countries: list[CountryCode]
    areas: list[Ref]
    description: Localized
