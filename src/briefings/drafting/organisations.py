"""Blocs, international organisations and media this genre names, by their French forms.

An organisation the list does not hold is still drafted when the model tags it and it
looks like a proper name (see ``actors``); a media outlet is also recognised by the way
an article cites it (« D'après X », « selon X »).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Body:
    kind: str  # bloc, organisation or media
    fr: str
    en: str
    forms: tuple[str, ...]  # how an article writes it, the usual form first
    country: str | None = None


BODIES: tuple[Body, ...] = (
    Body("bloc", "Union européenne", "European Union", ("Union européenne", "UE"), "EU"),
    Body(
        "bloc",
        "Union économique eurasiatique",
        "Eurasian Economic Union",
        ("Union économique eurasiatique", "Union économique eurasienne", "UEE"),
    ),
    Body(
        "bloc",
        "Organisation de coopération de Shanghai",
        "Shanghai Cooperation Organisation",
        ("Organisation de coopération de Shanghai", "OCS"),
    ),
    Body(
        "bloc",
        "Organisation du traité de sécurité collective",
        "Collective Security Treaty Organization",
        ("Organisation du traité de sécurité collective", "OTSC"),
    ),
    Body(
        "bloc",
        "Communauté des États indépendants",
        "Commonwealth of Independent States",
        ("Communauté des États indépendants", "CEI"),
    ),
    Body(
        "bloc",
        "Organisation des États turciques",
        "Organization of Turkic States",
        ("Organisation des États turciques", "OET"),
    ),
    Body("bloc", "OTAN", "NATO", ("OTAN",)),
    Body("bloc", "ASEAN", "ASEAN", ("ASEAN",)),
    Body("bloc", "BRICS", "BRICS", ("BRICS",)),
    Body(
        "organisation",
        "Organisation des Nations unies",
        "United Nations",
        ("Organisation des Nations unies", "Nations unies", "ONU"),
    ),
    Body("organisation", "Banque mondiale", "World Bank", ("Banque mondiale",)),
    Body(
        "organisation",
        "Fonds monétaire international",
        "International Monetary Fund",
        ("Fonds monétaire international", "FMI"),
    ),
    Body(
        "organisation",
        "Banque asiatique de développement",
        "Asian Development Bank",
        ("Banque asiatique de développement", "BAD"),
    ),
    Body(
        "organisation",
        "Banque eurasiatique de développement",
        "Eurasian Development Bank",
        ("Banque eurasiatique de développement", "BEAD"),
    ),
    Body(
        "organisation",
        "Banque européenne pour la reconstruction et le développement",
        "European Bank for Reconstruction and Development",
        ("Banque européenne pour la reconstruction et le développement", "BERD"),
    ),
    Body(
        "organisation",
        "Organisation mondiale du commerce",
        "World Trade Organization",
        ("Organisation mondiale du commerce", "OMC"),
    ),
    Body("organisation", "OSCE", "OSCE", ("OSCE",)),
    Body("media", "Eurasianet", "Eurasianet", ("Eurasianet",)),
    Body("media", "Reuters", "Reuters", ("Reuters",)),
    Body("media", "AFP", "AFP", ("Agence France-Presse", "AFP")),
    Body("media", "Bloomberg", "Bloomberg", ("Bloomberg",)),
    Body("media", "Kazinform", "Kazinform", ("Kazinform",)),
    Body("media", "Kabar", "Kabar", ("Kabar",)),
    Body("media", "AKIpress", "AKIpress", ("AKIpress", "Akipress")),
    Body("media", "24.kg", "24.kg", ("24.kg",)),
    Body("media", "TASS", "TASS", ("TASS",)),
    Body("media", "RIA Novosti", "RIA Novosti", ("RIA Novosti",)),
    Body("media", "Interfax", "Interfax", ("Interfax",)),
    Body("media", "Xinhua", "Xinhua", ("Xinhua",)),
    Body("media", "Tengrinews", "Tengrinews", ("Tengrinews",)),
    Body("media", "Gazeta.uz", "Gazeta.uz", ("Gazeta.uz",)),
    Body("media", "UzDaily", "UzDaily", ("UzDaily",)),
    Body("media", "Asia-Plus", "Asia-Plus", ("Asia-Plus",)),
    Body("media", "Novastan", "Novastan", ("Novastan",)),
    Body("media", "RFI", "RFI", ("RFI",)),
    Body("media", "Euronews", "Euronews", ("Euronews",)),
    Body("media", "Le Monde", "Le Monde", ("Le Monde",)),
)
