"""Sentence templates: French as the source would print it, English as we translate it.

Slots: ``{n}`` a number unique within the article (so no two sentences are alike),
``{year}``, ``{of}``/``{theme}`` the area ("du commerce"/"trade"), ``{partner}``/
``{partner_en}`` the other country, ``{who}``/``{who_en}`` the speaker.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    fr: str
    en: str


# kind -> (statement text, its translation). The sentence around it is in SENTENCES.
STATEMENTS: dict[str, tuple[Template, ...]] = {
    "direct-quote": (
        Template(
            "Nos échanges dans le domaine {of} ont progressé de {n} % depuis {year}",
            "Our exchanges in {theme} have grown by {n}% since {year}",
        ),
        Template(
            "Nous voulons porter à {n} le nombre de projets communs avec {partner} "
            "dans le domaine {of}",
            "We want to raise to {n} the number of joint projects with {partner_en} in {theme}",
        ),
        Template(
            "Les {n} accords signés aujourd’hui ouvrent une nouvelle étape dans le domaine {of}",
            "The {n} agreements signed today open a new stage in {theme}",
        ),
    ),
    "reported-speech": (
        Template(
            "{who} a indiqué que les deux pays préparaient {n} nouveaux accords "
            "dans le domaine {of}",
            "{who_en} said that the two countries were preparing {n} new agreements in {theme}",
        ),
        Template(
            "{who} a précisé que les consultations sur le domaine {of} reprendraient "
            "d’ici {year} avec {n} experts",
            "{who_en} specified that consultations on {theme} would resume by {year} "
            "with {n} experts",
        ),
    ),
    "commitment": (
        Template(
            "{who} s’engage à consacrer {n} millions de dollars au domaine {of} d’ici {year}",
            "{who_en} commits to devoting USD {n} million to {theme} by {year}",
        ),
        Template(
            "{who} s’engage à former {n} spécialistes du domaine {of} avec {partner}",
            "{who_en} commits to training {n} specialists in {theme} with {partner_en}",
        ),
    ),
    "proposal": (
        Template(
            "{who} a proposé de créer un groupe de travail de {n} experts consacré au domaine {of}",
            "{who_en} proposed creating a working group of {n} experts on {theme}",
        ),
        Template(
            "{who} a proposé d’organiser d’ici {year} un forum réunissant {n} entreprises "
            "du domaine {of}",
            "{who_en} proposed holding by {year} a forum bringing together {n} companies "
            "in {theme}",
        ),
    ),
    "position": (
        Template(
            "{who} estime que la coopération dans le domaine {of} doit rester une priorité "
            "pour les {n} prochains mois",
            "{who_en} believes that cooperation in {theme} must remain a priority "
            "for the next {n} months",
        ),
        Template(
            "{who} juge que les {n} projets communs dans le domaine {of} renforcent "
            "la stabilité régionale",
            "{who_en} considers that the {n} joint projects in {theme} strengthen "
            "regional stability",
        ),
    ),
    "assessment": (
        Template(
            "Cette dynamique place le domaine {of} au cœur d’une relation qui compte "
            "désormais {n} accords en vigueur",
            "This momentum puts {theme} at the heart of a relationship that now counts "
            "{n} agreements in force",
        ),
        Template(
            "Les observateurs relèvent que {n} projets du domaine {of} restent encore peu concrets",
            "Observers note that {n} projects in {theme} still remain not very concrete",
        ),
    ),
}
STATEMENT_KINDS = tuple(STATEMENTS)

# (kind, French name with its article, English name)
PROJECTS: tuple[tuple[str, str, str], ...] = (
    ("infrastructure", "le complexe logistique", "logistics complex"),
    ("infrastructure", "le terminal ferroviaire", "rail terminal"),
    ("infrastructure", "la centrale solaire", "solar power plant"),
    ("infrastructure", "le gazoduc", "gas pipeline"),
    ("infrastructure", "le pont frontalier", "border bridge"),
    ("infrastructure", "la ligne à haute tension", "high-voltage line"),
    ("programme", "le programme d’échanges universitaires", "university exchange programme"),
    ("programme", "le programme de formation professionnelle", "vocational training programme"),
    ("programme", "le programme d’irrigation", "irrigation programme"),
    ("initiative", "l’initiative pour le tourisme régional", "regional tourism initiative"),
    (
        "initiative",
        "l’initiative des centres culturels communs",
        "joint cultural centres initiative",
    ),
    ("strategy", "la stratégie commune de transit", "joint transit strategy"),
    ("strategy", "la feuille de route numérique", "digital roadmap"),
    ("policy", "la politique de facilitation des visas", "visa facilitation policy"),
    ("policy", "la politique de tarification de l’eau", "water pricing policy"),
)
# status -> (French, English); no past participle, so no agreement to get wrong.
PROJECT_STATUS: dict[str, Template] = {
    "proposed": Template("fait l’objet d’une proposition conjointe", "has been jointly proposed"),
    "discussed": Template(
        "figure parmi les sujets abordés par les deux délégations",
        "was among the topics discussed by both delegations",
    ),
    "planned": Template("doit démarrer en {year}", "is due to start in {year}"),
    "in-progress": Template("est en cours de réalisation", "is under way"),
    "completed": Template("a atteint ses objectifs en {year}", "met its objectives in {year}"),
}

VISIT_KINDS: dict[str, Template] = {
    "official": Template("officielle", "official"),
    "state": Template("d’État", "state"),
    "working": Template("de travail", "working"),
    "private": Template("privée", "private"),
}

MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
ORDINALS_FR = ("premier", "deuxième", "troisième", "quatrième", "cinquième", "sixième")
ORDINALS_EN = ("first", "second", "third", "fourth", "fifth", "sixth")
# ISO 4217 code -> French plural as printed after "millions de"
CURRENCIES: dict[str, str] = {"USD": "dollars", "EUR": "euros", "CNY": "yuans", "RUB": "roubles"}

HEADINGS = (
    Template("Les déclarations des deux délégations", "Statements of both delegations"),
    Template("Projets et chiffres clés", "Projects and key figures"),
)
