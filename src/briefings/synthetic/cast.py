"""Who the generated articles talk about: people, organisations, blocs, media outlets,
and the themes of cooperation, with their French and English names."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Body:
    """An organisation, bloc or media outlet."""

    key: str
    kind: str
    name_fr: str
    name_en: str
    country: str | None = None


@dataclass(frozen=True)
class Role:
    title_fr: str
    title_en: str


@dataclass(frozen=True)
class Theme:
    key: str
    name_fr: str
    name_en: str
    of_fr: str  # "du commerce", as in "le domaine du commerce"
    description_fr: str
    description_en: str


BLOCS: tuple[Body, ...] = (
    Body("eu", "bloc", "Union européenne", "European Union", "EU"),
    Body(
        "sco",
        "bloc",
        "Organisation de coopération de Shanghai",
        "Shanghai Cooperation Organisation",
    ),
    Body("eaeu", "bloc", "Union économique eurasiatique", "Eurasian Economic Union"),
    Body("ots", "bloc", "Organisation des États turciques", "Organization of Turkic States"),
    Body("asean", "bloc", "Association des nations de l’Asie du Sud-Est", "ASEAN"),
)

ORGANISATIONS: tuple[Body, ...] = (
    Body("adb", "organisation", "Banque asiatique de développement", "Asian Development Bank"),
    Body("world-bank", "organisation", "Banque mondiale", "World Bank"),
    Body("imf", "organisation", "Fonds monétaire international", "International Monetary Fund"),
    Body(
        "ebrd",
        "organisation",
        "Banque européenne pour la reconstruction et le développement",
        "European Bank for Reconstruction and Development",
    ),
    Body(
        "aiib",
        "organisation",
        "Banque asiatique d’investissement dans les infrastructures",
        "Asian Infrastructure Investment Bank",
    ),
    Body(
        "undp",
        "organisation",
        "Programme des Nations unies pour le développement",
        "United Nations Development Programme",
    ),
    Body("wto", "organisation", "Organisation mondiale du commerce", "World Trade Organization"),
    Body(
        "iea", "organisation", "Agence internationale de l’énergie", "International Energy Agency"
    ),
    Body(
        "osce",
        "organisation",
        "Organisation pour la sécurité et la coopération en Europe",
        "Organization for Security and Co-operation in Europe",
    ),
    Body(
        "ifad",
        "organisation",
        "Fonds international de développement agricole",
        "International Fund for Agricultural Development",
    ),
    Body("unesco", "organisation", "UNESCO", "UNESCO"),
    Body("who", "organisation", "Organisation mondiale de la santé", "World Health Organization"),
    Body(
        "efsd",
        "organisation",
        "Fonds eurasiatique de stabilisation et de développement",
        "Eurasian Fund for Stabilization and Development",
    ),
    Body("isdb", "organisation", "Banque islamique de développement", "Islamic Development Bank"),
    Body(
        "ifc",
        "organisation",
        "Société financière internationale",
        "International Finance Corporation",
    ),
)

MEDIA: tuple[Body, ...] = (
    Body("eurasianet", "media", "Eurasianet", "Eurasianet", "US"),
    Body("kazinform", "media", "Kazinform", "Kazinform", "KZ"),
    Body("akipress", "media", "AKIpress", "AKIpress", "KG"),
    Body("kabar", "media", "Kabar", "Kabar", "KG"),
    Body("gazeta-uz", "media", "Gazeta.uz", "Gazeta.uz", "UZ"),
    Body("asia-plus", "media", "Asia-Plus", "Asia-Plus", "TJ"),
    Body("reuters", "media", "Reuters", "Reuters", "GB"),
    Body("afp", "media", "Agence France-Presse", "Agence France-Presse", "FR"),
    Body("xinhua", "media", "Xinhua", "Xinhua", "CN"),
    Body("tass", "media", "TASS", "TASS", "RU"),
    Body("anadolu", "media", "Anadolu", "Anadolu Agency", "TR"),
    Body("ansa", "media", "ANSA", "ANSA", "IT"),
    Body("trend", "media", "Trend", "Trend News Agency", "AZ"),
    Body("the-diplomat", "media", "The Diplomat", "The Diplomat", "US"),
    Body("azattyk", "media", "Radio Azattyk", "Radio Azattyk", "KG"),
)

GOVERNMENT_ROLES: tuple[Role, ...] = (
    Role("ministre des Affaires étrangères", "Minister of Foreign Affairs"),
    Role("vice-ministre des Affaires étrangères", "Deputy Minister of Foreign Affairs"),
    Role("ministre de l’Économie", "Minister of the Economy"),
    Role("ministre de l’Énergie", "Minister of Energy"),
    Role("ministre des Transports", "Minister of Transport"),
    Role("ministre du Commerce", "Minister of Trade"),
    Role("ministre de l’Agriculture", "Minister of Agriculture"),
    Role("ministre de l’Éducation", "Minister of Education"),
    Role("ministre de la Culture", "Minister of Culture"),
    Role("ministre des Ressources en eau", "Minister of Water Resources"),
    Role("vice-Premier ministre", "Deputy Prime Minister"),
    Role("Premier ministre", "Prime Minister"),
    Role("chef de la diplomatie", "Head of Diplomacy"),
    Role("conseiller présidentiel", "Presidential Adviser"),
)
ORGANISATION_ROLES: tuple[Role, ...] = (
    Role("directeur exécutif", "Executive Director"),
    Role("représentant régional", "Regional Representative"),
    Role("secrétaire général", "Secretary General"),
)

# Given names and family names by region, so a person's name fits their country.
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "central-asia": (
        (
            "Aigerim",
            "Nurlan",
            "Daniyar",
            "Askar",
            "Aizhan",
            "Bakyt",
            "Timur",
            "Dinara",
            "Erlan",
            "Gulnara",
            "Saule",
            "Rustam",
            "Azamat",
            "Madina",
            "Bolat",
            "Kairat",
            "Alisher",
            "Farrukh",
            "Dilnoza",
            "Jamshid",
        ),
        (
            "Akhmetov",
            "Bekova",
            "Sadykov",
            "Toktogulova",
            "Ibraimov",
            "Nazarbekova",
            "Abdullaev",
            "Karimova",
            "Rakhimov",
            "Usenova",
            "Zhumabaev",
            "Mirzoeva",
            "Tashiev",
            "Saparova",
        ),
    ),
    "east-asia": (
        (
            "Wei",
            "Li",
            "Jun",
            "Xiaoming",
            "Hui",
            "Haruto",
            "Yuki",
            "Minjun",
            "Seoyeon",
            "Bat-Erdene",
        ),
        ("Wang", "Zhang", "Liu", "Chen", "Tanaka", "Sato", "Kim", "Park", "Nguyen", "Tran"),
    ),
    "europe": (
        (
            "Giulia",
            "Marco",
            "Claire",
            "Étienne",
            "Anna",
            "Jonas",
            "Katarzyna",
            "Péter",
            "Lucía",
            "Olena",
            "Thomas",
            "Sophie",
        ),
        (
            "Rossi",
            "Bianchi",
            "Martin",
            "Lefèvre",
            "Schmidt",
            "Weber",
            "Kowalska",
            "Nagy",
            "García",
            "Kovalenko",
            "Müller",
            "Dubois",
        ),
    ),
    "middle-east": (
        ("Ahmed", "Fatima", "Omar", "Leyla", "Mehmet", "Ayşe", "Reza", "Nour", "Elif", "Tariq"),
        (
            "Al-Mansouri",
            "Haddad",
            "Yılmaz",  # noqa: RUF001 - Turkish spelling
            "Demir",
            "Hosseini",
            "Rahimi",
            "Aliyev",
            "Mammadova",
            "Khan",
            "Farouk",
        ),
    ),
    "americas-africa": (
        (
            "James",
            "Emily",
            "Michael",
            "Sarah",
            "Lucas",
            "Mariana",
            "Thabo",
            "Naledi",
            "Youssef",
            "Amina",
        ),
        (
            "Johnson",
            "Miller",
            "Davis",
            "Silva",
            "Oliveira",
            "Nkosi",
            "Dlamini",
            "Benali",
            "El Amrani",
            "Walker",
        ),
    ),
}
REGION_OF: dict[str, str] = {
    **dict.fromkeys(
        ("KZ", "KG", "UZ", "TJ", "TM", "AF", "RU", "BY", "UA", "AZ", "MN"), "central-asia"
    ),
    **dict.fromkeys(("CN", "JP", "KR", "VN", "ID", "SG", "IN", "PK"), "east-asia"),
    **dict.fromkeys(("IT", "FR", "DE", "GB", "PL", "HU", "ES", "CH", "NL", "GE", "AM"), "europe"),
    **dict.fromkeys(("TR", "IR", "AE", "SA", "QA", "EG"), "middle-east"),
    **dict.fromkeys(("US", "BR", "ZA", "MA"), "americas-africa"),
}

THEMES: tuple[Theme, ...] = (
    Theme(
        "trade",
        "Commerce",
        "Trade",
        "du commerce",
        "Échanges commerciaux, leur volume et leurs objectifs.",
        "Trade flows, their volume and targets.",
    ),
    Theme(
        "energy",
        "Énergie",
        "Energy",
        "de l’énergie",
        "Électricité, carburants et intégration des réseaux.",
        "Electricity, fuel and grid integration.",
    ),
    Theme(
        "water",
        "Eau",
        "Water",
        "de l’eau",
        "Gestion des ressources hydriques et sécurité de l’eau.",
        "Water resource management and water security.",
    ),
    Theme(
        "transport-logistics",
        "Transport et logistique",
        "Transport and logistics",
        "des transports et de la logistique",
        "Corridors, transit des marchandises et infrastructures.",
        "Corridors, transit of goods and infrastructure.",
    ),
    Theme(
        "education",
        "Éducation",
        "Education",
        "de l’éducation",
        "Écoles, universités et échanges d’étudiants.",
        "Schools, universities and student exchanges.",
    ),
    Theme(
        "culture",
        "Culture",
        "Culture",
        "de la culture",
        "Centres culturels, patrimoine et échanges artistiques.",
        "Cultural centres, heritage and artistic exchanges.",
    ),
    Theme(
        "security",
        "Sécurité",
        "Security",
        "de la sécurité",
        "Sécurité régionale, frontières et lutte contre les trafics.",
        "Regional security, borders and the fight against trafficking.",
    ),
    Theme(
        "agriculture",
        "Agriculture",
        "Agriculture",
        "de l’agriculture",
        "Production agricole, irrigation et sécurité alimentaire.",
        "Farming, irrigation and food security.",
    ),
    Theme(
        "digital",
        "Numérique",
        "Digital",
        "du numérique",
        "Connectivité, services en ligne et données.",
        "Connectivity, online services and data.",
    ),
    Theme(
        "health",
        "Santé",
        "Health",
        "de la santé",
        "Hôpitaux, vaccins et formation médicale.",
        "Hospitals, vaccines and medical training.",
    ),
    Theme(
        "tourism",
        "Tourisme",
        "Tourism",
        "du tourisme",
        "Corridors touristiques, visas et vols directs.",
        "Tourist corridors, visas and direct flights.",
    ),
    Theme(
        "finance",
        "Finance",
        "Finance",
        "de la finance",
        "Investissements, banques de développement et monnaies.",
        "Investment, development banks and currencies.",
    ),
)
