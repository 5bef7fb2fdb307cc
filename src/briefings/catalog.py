"""Every record type: its collection path and how a reference names it."""

from briefings.kit.refs import RefTarget
from briefings.models import (
    Actor,
    Briefing,
    CooperationArea,
    Figure,
    Place,
    Project,
    Source,
    Statement,
    Visit,
)

REF_TARGETS: dict[str, RefTarget] = {
    target.type: target
    for target in (
        RefTarget("source", "sources", Source, Source.title_fr, Source.title_en),
        RefTarget("briefing", "briefings", Briefing, Briefing.title_fr, Briefing.title_en),
        RefTarget("actor", "actors", Actor, Actor.name_fr, Actor.name_en),
        RefTarget("place", "places", Place, Place.name_fr, Place.name_en),
        RefTarget("visit", "visits", Visit, Visit.description_fr, Visit.description_en),
        # A statement is named by its own words and their translation.
        RefTarget("statement", "statements", Statement, Statement.text, Statement.translation),
        RefTarget("project", "projects", Project, Project.name_fr, Project.name_en),
        RefTarget(
            "cooperation-area",
            "cooperation-areas",
            CooperationArea,
            CooperationArea.name_fr,
            CooperationArea.name_en,
        ),
        RefTarget("figure", "figures", Figure, Figure.label_fr, Figure.label_en),
    )
}
