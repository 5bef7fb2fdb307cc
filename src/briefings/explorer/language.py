"""French or English labels: ``?lang=`` when given, else the browser's ``Accept-Language``.

The data is already in both languages (``{"fr", "en"}``); the labels around it follow the
page's language. Which one a request gets is part of what a page represents, so the
response cache keys pages by ``variant`` (never by the raw headers).
"""

from functools import lru_cache

from briefings.kit.formats import media_ranges

LANGUAGES = ("en", "fr")
DEFAULT = "en"
# Longer headers are decided without remembering them: each distinct one would stay.
SHORT_HEADER = 256


def from_accept_language(header: str) -> str:
    """The first of ``LANGUAGES`` in the reader's order of preference (``fr-CH`` is
    French), or English when none is named; ``*`` takes the default."""
    best: tuple[float, int, str] | None = None
    for quality, rank, tag in media_ranges(header):
        primary = tag.split("-", 1)[0]
        chosen = primary if primary in LANGUAGES else DEFAULT if primary == "*" else None
        if chosen is not None and (best is None or (quality, rank) > best[:2]):
            best = (quality, rank, chosen)
    return best[2] if best else DEFAULT


def wants_html(accept: str) -> bool:
    """A browser's Accept names ``text/html``; API clients send JSON, ``*/*`` or nothing."""
    return any(
        media in ("text/html", "application/xhtml+xml") for _, _, media in media_ranges(accept)
    )


def _variant(accept: bytes, accept_language: bytes) -> str:
    html = "html" if wants_html(accept.decode("latin-1")) else "data"
    return f"{html}:{from_accept_language(accept_language.decode('latin-1'))}"


_variant_short = lru_cache(maxsize=128)(_variant)


def variant(accept: bytes, accept_language: bytes) -> str:
    """What a page's request headers decide of its answer, as a response cache key part."""
    if len(accept) <= SHORT_HEADER and len(accept_language) <= SHORT_HEADER:
        return _variant_short(accept, accept_language)
    return _variant(accept, accept_language)


LABELS: dict[str, dict[str, str]] = {
    "site": {"en": "Briefings explorer", "fr": "Explorateur des synthèses"},
    "skip": {"en": "Skip to content", "fr": "Aller au contenu"},
    "nav": {"en": "Main", "fr": "Principal"},
    "home": {"en": "Home", "fr": "Accueil"},
    "search": {"en": "Search", "fr": "Rechercher"},
    "search_label": {"en": "Search every record", "fr": "Rechercher dans tous les éléments"},
    "switch": {"en": "Français", "fr": "English"},
    "switch_label": {"en": "Lire en français", "fr": "Read in English"},
    "briefings": {"en": "Briefings", "fr": "Synthèses"},
    "sources": {"en": "Sources", "fr": "Sources"},
    "statements": {"en": "Statements", "fr": "Déclarations"},
    "projects": {"en": "Projects", "fr": "Projets"},
    "figures": {"en": "Figures", "fr": "Chiffres"},
    "visits": {"en": "Visits", "fr": "Visites"},
    "actors": {"en": "Actors", "fr": "Acteurs"},
    "places": {"en": "Places", "fr": "Lieux"},
    "cooperation-areas": {"en": "Cooperation areas", "fr": "Domaines de coopération"},
    "briefing": {"en": "Briefing", "fr": "Synthèse"},
    "source": {"en": "Source", "fr": "Source"},
    "statement": {"en": "Statement", "fr": "Déclaration"},
    "project": {"en": "Project", "fr": "Projet"},
    "figure": {"en": "Figure", "fr": "Chiffre"},
    "visit": {"en": "Visit", "fr": "Visite"},
    "actor": {"en": "Actor", "fr": "Acteur"},
    "place": {"en": "Place", "fr": "Lieu"},
    "cooperation-area": {"en": "Cooperation area", "fr": "Domaine de coopération"},
    "summary": {"en": "Summary", "fr": "Résumé"},
    "countries": {"en": "Countries", "fr": "Pays"},
    "areas": {"en": "Areas", "fr": "Domaines"},
    "date": {"en": "Date", "fr": "Date"},
    "read_source": {"en": "Read the source", "fr": "Lire la source"},
    "article": {"en": "Article", "fr": "Article"},
    "records": {"en": "Records taken from this source", "fr": "Éléments tirés de cette source"},
    "selection": {"en": "Selected", "fr": "Sélection"},
    "choose": {
        "en": "Choose a highlighted passage to see the records it supports.",
        "fr": "Choisissez un passage surligné pour voir les éléments qu’il étaye.",
    },
    "supports": {"en": "This passage supports", "fr": "Ce passage étaye"},
    "show_spans": {"en": "Highlight its words", "fr": "Surligner ses mots"},
    "evidence": {"en": "Evidence", "fr": "Preuves"},
    "in_source": {"en": "see in the source", "fr": "voir dans la source"},
    "speakers": {"en": "Said by", "fr": "Dit par"},
    "no_speaker": {"en": "the source itself", "fr": "la source elle-même"},
    "kind": {"en": "Kind", "fr": "Type"},
    "status": {"en": "Status", "fr": "Statut"},
    "place_of": {"en": "Place", "fr": "Lieu"},
    "value": {"en": "Value", "fr": "Valeur"},
    "period": {"en": "Period", "fr": "Période"},
    "wording": {"en": "Wording", "fr": "Formulation"},
    "translation": {"en": "Our translation", "fr": "Notre traduction"},
    "verbatim": {"en": "The source's words", "fr": "Les mots de la source"},
    "visitor": {"en": "Visitor", "fr": "Visiteur"},
    "host": {"en": "Host country", "fr": "Pays hôte"},
    "aliases": {"en": "Also written", "fr": "Aussi écrit"},
    "results": {"en": "results", "fr": "résultats"},
    "of_total": {"en": "of", "fr": "sur"},
    "next": {"en": "Next page", "fr": "Page suivante"},
    "first": {"en": "First page", "fr": "Première page"},
    "filters": {"en": "Narrow the list", "fr": "Affiner la liste"},
    "remove": {"en": "remove", "fr": "retirer"},
    "clear": {"en": "All records", "fr": "Tous les éléments"},
    "as_json": {"en": "This list as JSON", "fr": "Cette liste en JSON"},
    "as_csv": {"en": "as CSV", "fr": "en CSV"},
    "record_json": {"en": "This record as JSON", "fr": "Cet élément en JSON"},
    "annotations": {
        "en": "Every highlight as Web Annotations",
        "fr": "Tous les surlignages en Web Annotations",
    },
    "no_results": {"en": "Nothing matches.", "fr": "Aucun résultat."},
    "series": {"en": "Series", "fr": "Séries"},
    "chart": {"en": "{label}, as bars", "fr": "{label}, en barres"},
    "error": {"en": "This page cannot be shown", "fr": "Cette page ne peut pas s’afficher"},
    "bad_parameter": {"en": "What to change", "fr": "À corriger"},
    "about": {
        "en": "Regional news as structured, citable data: every fact points to the exact "
        "words of its source.",
        "fr": "L’actualité régionale en données structurées et citables : chaque fait renvoie "
        "aux mots exacts de sa source.",
    },
    "api": {"en": "JSON API", "fr": "API JSON"},
    "sections": {"en": "Sections", "fr": "Sections"},
    "mentioned": {"en": "Mentioned", "fr": "Mentionnés"},
    "speaker": {"en": "Speaker", "fr": "Orateur"},
    "country": {"en": "Country", "fr": "Pays"},
    "area": {"en": "Area", "fr": "Domaine"},
    "metric": {"en": "Metric", "fr": "Mesure"},
    "language": {"en": "Language", "fr": "Langue"},
    "host_country": {"en": "Host country", "fr": "Pays hôte"},
    "appears_in": {"en": "Appears in", "fr": "Apparaît dans"},
    "contains": {"en": "Contains", "fr": "Contient"},
    "characters": {"en": "characters", "fr": "caractères"},
    "browse": {"en": "Browse", "fr": "Parcourir"},
    "only": {"en": "Only these kinds of record", "fr": "Seulement ces types d’éléments"},
    "figure_actual": {"en": "actual", "fr": "réalisé"},
    "figure_target": {"en": "target", "fr": "objectif"},
    "figure_rank": {"en": "rank", "fr": "rang"},
}


# The French of the vocabularies' values (``vocab.py``); English reads the value itself.
VALUES_FR: dict[str, str] = {
    "person": "personne",
    "country": "pays",
    "organisation": "organisation",
    "bloc": "bloc",
    "media": "média",
    "city": "ville",
    "capital": "capitale",
    "border-town": "ville frontalière",
    "region": "région",
    "official": "officielle",
    "state": "d’État",
    "working": "de travail",
    "private": "privée",
    "direct-quote": "citation directe",
    "reported-speech": "discours rapporté",
    "commitment": "engagement",
    "proposal": "proposition",
    "position": "position",
    "assessment": "analyse",
    "infrastructure": "infrastructure",
    "programme": "programme",
    "initiative": "initiative",
    "strategy": "stratégie",
    "policy": "politique",
    "proposed": "proposé",
    "discussed": "discuté",
    "planned": "prévu",
    "in-progress": "en cours",
    "completed": "achevé",
    "currency": "monnaie",
    "rank": "rang",
    "count": "nombre",
    "percent": "pourcentage",
    "exact": "exact",
    "approximate": "approximatif",
    "at-most": "au plus",
    "at-least": "au moins",
    "actual": "réalisé",
    "target": "objectif",
    "year": "année",
    "open-ended": "sans échéance",
    "as-of": "à date",
}


def value_word(value: object, lang: str) -> str:
    """A vocabulary value as words: ``in-progress`` reads ``in progress`` / ``en cours``."""
    text = str(value)
    if lang == "fr" and text in VALUES_FR:
        return VALUES_FR[text]
    return text.replace("-", " ").replace("_", " ")
