"""Countries, capitals, cities and border towns the generator draws from: real names,
real ISO codes, real coordinates (border towns keep none, as a curator would)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    code: str
    name_fr: str
    name_en: str
    # The name with its French article: "le Kazakhstan", "l'Italie", "Singapour".
    the_fr: str
    adjective_fr: str  # plural feminine, as in "entreprises kazakhstanaises"


@dataclass(frozen=True)
class Town:
    country: str
    name_fr: str
    name_en: str
    latitude: float | None = None
    longitude: float | None = None


def of_fr(the: str) -> str:
    """``le Kazakhstan`` -> ``du Kazakhstan``: the French contraction of *de*."""
    if the.startswith("le "):
        return "du " + the[3:]
    if the.startswith("les "):
        return "des " + the[4:]
    if the.startswith(("la ", "l'", "l\u2019")):
        return "de " + the
    return "de " + the


def to_fr(the: str) -> str:
    """``le Kazakhstan`` -> ``au Kazakhstan``: the French contraction of *à*."""
    if the.startswith("le "):
        return "au " + the[3:]
    if the.startswith("les "):
        return "aux " + the[4:]
    return "à " + the


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


COUNTRIES: tuple[Country, ...] = (
    Country("KZ", "Kazakhstan", "Kazakhstan", "le Kazakhstan", "kazakhstanaises"),
    Country("KG", "Kirghizistan", "Kyrgyzstan", "le Kirghizistan", "kirghizes"),
    Country("UZ", "Ouzbékistan", "Uzbekistan", "l\u2019Ouzbékistan", "ouzbèkes"),
    Country("TJ", "Tadjikistan", "Tajikistan", "le Tadjikistan", "tadjikes"),
    Country("TM", "Turkménistan", "Turkmenistan", "le Turkménistan", "turkmènes"),
    Country("AF", "Afghanistan", "Afghanistan", "l\u2019Afghanistan", "afghanes"),
    Country("CN", "Chine", "China", "la Chine", "chinoises"),
    Country("RU", "Russie", "Russia", "la Russie", "russes"),
    Country("TR", "Turquie", "Türkiye", "la Turquie", "turques"),
    Country("IT", "Italie", "Italy", "l\u2019Italie", "italiennes"),
    Country("FR", "France", "France", "la France", "françaises"),
    Country("DE", "Allemagne", "Germany", "l\u2019Allemagne", "allemandes"),
    Country("US", "États-Unis", "United States", "les États-Unis", "américaines"),
    Country("GB", "Royaume-Uni", "United Kingdom", "le Royaume-Uni", "britanniques"),
    Country("JP", "Japon", "Japan", "le Japon", "japonaises"),
    Country("KR", "Corée du Sud", "South Korea", "la Corée du Sud", "sud-coréennes"),
    Country("IN", "Inde", "India", "l\u2019Inde", "indiennes"),
    Country("PK", "Pakistan", "Pakistan", "le Pakistan", "pakistanaises"),
    Country("IR", "Iran", "Iran", "l\u2019Iran", "iraniennes"),
    Country("AZ", "Azerbaïdjan", "Azerbaijan", "l\u2019Azerbaïdjan", "azerbaïdjanaises"),
    Country("GE", "Géorgie", "Georgia", "la Géorgie", "géorgiennes"),
    Country("AM", "Arménie", "Armenia", "l\u2019Arménie", "arméniennes"),
    Country("MN", "Mongolie", "Mongolia", "la Mongolie", "mongoles"),
    Country(
        "AE", "Émirats arabes unis", "United Arab Emirates", "les Émirats arabes unis", "émiraties"
    ),
    Country("SA", "Arabie saoudite", "Saudi Arabia", "l\u2019Arabie saoudite", "saoudiennes"),
    Country("QA", "Qatar", "Qatar", "le Qatar", "qataries"),
    Country("EG", "Égypte", "Egypt", "l\u2019Égypte", "égyptiennes"),
    Country("PL", "Pologne", "Poland", "la Pologne", "polonaises"),
    Country("HU", "Hongrie", "Hungary", "la Hongrie", "hongroises"),
    Country("ES", "Espagne", "Spain", "l\u2019Espagne", "espagnoles"),
    Country("UA", "Ukraine", "Ukraine", "l\u2019Ukraine", "ukrainiennes"),
    Country("BY", "Biélorussie", "Belarus", "la Biélorussie", "biélorusses"),
    Country("ID", "Indonésie", "Indonesia", "l\u2019Indonésie", "indonésiennes"),
    Country("VN", "Viêt Nam", "Vietnam", "le Viêt Nam", "vietnamiennes"),
    Country("BR", "Brésil", "Brazil", "le Brésil", "brésiliennes"),
    Country("ZA", "Afrique du Sud", "South Africa", "l\u2019Afrique du Sud", "sud-africaines"),
    Country("MA", "Maroc", "Morocco", "le Maroc", "marocaines"),
    Country("CH", "Suisse", "Switzerland", "la Suisse", "suisses"),
    Country("NL", "Pays-Bas", "Netherlands", "les Pays-Bas", "néerlandaises"),
    Country("SG", "Singapour", "Singapore", "Singapour", "singapouriennes"),
)

CAPITALS: tuple[Town, ...] = (
    Town("KZ", "Astana", "Astana", 51.1694, 71.4491),
    Town("KG", "Bichkek", "Bishkek", 42.8746, 74.5698),
    Town("UZ", "Tachkent", "Tashkent", 41.2995, 69.2401),
    Town("TJ", "Douchanbé", "Dushanbe", 38.5598, 68.7870),
    Town("TM", "Achgabat", "Ashgabat", 37.9601, 58.3261),
    Town("AF", "Kaboul", "Kabul", 34.5553, 69.2075),
    Town("CN", "Pékin", "Beijing", 39.9042, 116.4074),
    Town("RU", "Moscou", "Moscow", 55.7558, 37.6173),
    Town("TR", "Ankara", "Ankara", 39.9334, 32.8597),
    Town("IT", "Rome", "Rome", 41.9028, 12.4964),
    Town("FR", "Paris", "Paris", 48.8566, 2.3522),
    Town("DE", "Berlin", "Berlin", 52.5200, 13.4050),
    Town("US", "Washington", "Washington", 38.9072, -77.0369),
    Town("GB", "Londres", "London", 51.5074, -0.1278),
    Town("JP", "Tokyo", "Tokyo", 35.6762, 139.6503),
    Town("KR", "Séoul", "Seoul", 37.5665, 126.9780),
    Town("IN", "New Delhi", "New Delhi", 28.6139, 77.2090),
    Town("PK", "Islamabad", "Islamabad", 33.6844, 73.0479),
    Town("IR", "Téhéran", "Tehran", 35.6892, 51.3890),
    Town("AZ", "Bakou", "Baku", 40.4093, 49.8671),
    Town("GE", "Tbilissi", "Tbilisi", 41.7151, 44.8271),
    Town("AM", "Erevan", "Yerevan", 40.1792, 44.4991),
    Town("MN", "Oulan-Bator", "Ulaanbaatar", 47.8864, 106.9057),
    Town("AE", "Abou Dabi", "Abu Dhabi", 24.4539, 54.3773),
    Town("SA", "Riyad", "Riyadh", 24.7136, 46.6753),
    Town("QA", "Doha", "Doha", 25.2854, 51.5310),
    Town("EG", "Le Caire", "Cairo", 30.0444, 31.2357),
    Town("PL", "Varsovie", "Warsaw", 52.2297, 21.0122),
    Town("HU", "Budapest", "Budapest", 47.4979, 19.0402),
    Town("ES", "Madrid", "Madrid", 40.4168, -3.7038),
    Town("UA", "Kiev", "Kyiv", 50.4501, 30.5234),
    Town("BY", "Minsk", "Minsk", 53.9006, 27.5590),
    Town("ID", "Jakarta", "Jakarta", -6.2088, 106.8456),
    Town("VN", "Hanoï", "Hanoi", 21.0278, 105.8342),
    Town("BR", "Brasília", "Brasília", -15.7939, -47.8828),
    Town("ZA", "Pretoria", "Pretoria", -25.7479, 28.2293),
    Town("MA", "Rabat", "Rabat", 34.0209, -6.8416),
    Town("CH", "Berne", "Bern", 46.9480, 7.4474),
    Town("NL", "Amsterdam", "Amsterdam", 52.3676, 4.9041),
    Town("SG", "Singapour", "Singapore", 1.3521, 103.8198),
)

CITIES: tuple[Town, ...] = (
    Town("KZ", "Almaty", "Almaty", 43.2220, 76.8512),
    Town("KZ", "Chymkent", "Shymkent", 42.3417, 69.5901),
    Town("KZ", "Atyraou", "Atyrau", 47.0945, 51.9238),
    Town("KZ", "Aktaou", "Aktau", 43.6481, 51.1722),
    Town("KG", "Och", "Osh", 40.5283, 72.7985),
    Town("UZ", "Samarcande", "Samarkand", 39.6270, 66.9750),
    Town("UZ", "Boukhara", "Bukhara", 39.7681, 64.4556),
    Town("UZ", "Termez", "Termez", 37.2242, 67.2783),
    Town("TJ", "Khodjent", "Khujand", 40.2826, 69.6222),
    Town("TM", "Türkmenbaşy", "Turkmenbashi", 40.0222, 52.9552),
    Town("CN", "Ürümqi", "Ürümqi", 43.8256, 87.6168),
    Town("CN", "Shanghai", "Shanghai", 31.2304, 121.4737),
    Town("CN", "Kachgar", "Kashgar", 39.4704, 75.9898),
    Town("RU", "Saint-Pétersbourg", "Saint Petersburg", 59.9311, 30.3609),
    Town("RU", "Novossibirsk", "Novosibirsk", 55.0084, 82.9357),
    Town("TR", "Istanbul", "Istanbul", 41.0082, 28.9784),
    Town("IT", "Milan", "Milan", 45.4642, 9.1900),
    Town("FR", "Marseille", "Marseille", 43.2965, 5.3698),
    Town("DE", "Hambourg", "Hamburg", 53.5511, 9.9937),
    Town("US", "New York", "New York", 40.7128, -74.0060),
    Town("JP", "Osaka", "Osaka", 34.6937, 135.5022),
    Town("KR", "Busan", "Busan", 35.1796, 129.0756),
    Town("IN", "Bombay", "Mumbai", 19.0760, 72.8777),
    Town("PK", "Karachi", "Karachi", 24.8607, 67.0011),
    Town("IR", "Ispahan", "Isfahan", 32.6546, 51.6680),
    Town("AE", "Dubaï", "Dubai", 25.2048, 55.2708),
    Town("PL", "Gdańsk", "Gdańsk", 54.3520, 18.6466),
    Town("NL", "Rotterdam", "Rotterdam", 51.9244, 4.4777),
    Town("CH", "Genève", "Geneva", 46.2044, 6.1432),
    Town("GE", "Batoumi", "Batumi", 41.6168, 41.6367),
)

# Crossing points: several share a name with a district or a river, so no coordinate.
BORDER_TOWNS: tuple[Town, ...] = (
    Town("KG", "Karasu", "Karasu"),
    Town("KZ", "Khorgos", "Khorgos"),
    Town("KZ", "Dostyk", "Dostyk"),
    Town("KZ", "Jibek Joly", "Zhibek Zholy"),
    Town("KZ", "Kordaï", "Korday"),
    Town("KG", "Ak-Tilek", "Ak-Tilek"),
    Town("KG", "Irkechtam", "Irkeshtam"),
    Town("KG", "Torougart", "Torugart"),
    Town("KG", "Kyzyl-Bel", "Kyzyl-Bel"),
    Town("UZ", "Oybek", "Oybek"),
    Town("UZ", "Ayritom", "Ayritom"),
    Town("TJ", "Nijni Piandj", "Nizhny Panj"),
    Town("TM", "Farap", "Farap"),
    Town("TM", "Serhetabat", "Serhetabat"),
    Town("AF", "Hairatan", "Hairatan"),
    Town("AF", "Torkham", "Torkham"),
    Town("CN", "Erenhot", "Erenhot"),
    Town("CN", "Alashankou", "Alashankou"),
    Town("MN", "Zamyn-Üüd", "Zamyn-Üüd"),
    Town("TR", "Kapıkule", "Kapıkule"),  # noqa: RUF001 - Turkish spelling
    Town("TR", "Sarp", "Sarp"),
    Town("RU", "Verkhni Lars", "Upper Lars"),
    Town("RU", "Zabaïkalsk", "Zabaykalsk"),
    Town("AZ", "Astara", "Astara"),
    Town("GE", "Sadakhlo", "Sadakhlo"),
    Town("AM", "Bagratachen", "Bagratashen"),
    Town("PK", "Taftan", "Taftan"),
    Town("IN", "Wagah", "Wagah"),
    Town("PL", "Małaszewicze", "Małaszewicze"),
    Town("HU", "Záhony", "Záhony"),
)


_VOWELS = tuple("AEIOUYÉÈÊÀÂÎÔÛÜŒaeiouyéèêàâîôûüœ")


def at_town_fr(name: str) -> str:
    """``à Bichkek``, ``au Caire``."""
    return "au " + name[3:] if name.startswith("Le ") else "à " + name


def of_town_fr(name: str) -> str:
    """``de Karasu``, ``d’Astana``, ``du Caire``."""
    if name.startswith("Le "):
        return "du " + name[3:]
    return ("d\u2019" if name.startswith(_VOWELS) else "de ") + name
