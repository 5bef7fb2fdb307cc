"""Countries: the ISO list with French and English names (from pycountry's translations),
with the adjectives, demonyms and capitals this genre uses to name them.

The ISO list gives names; French adjectives (« kazakhstanais », « kirghize ») and
capitals are not in it, so they are listed here for the countries this genre names.
"""

import gettext
import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from briefings.drafting.spans import slug
from briefings.iso_codes import COUNTRY_CODES

# Where the ISO list's French or English form is not the one an article writes.
FRENCH_NAMES: dict[str, tuple[str, ...]] = {
    "KG": ("Kirghizistan", "Kirghizstan", "République kirghize"),
    "KZ": ("Kazakhstan", "République du Kazakhstan"),
    "RU": ("Russie", "Fédération de Russie"),
    "KR": ("Corée du Sud",),
    "KP": ("Corée du Nord",),
    "US": ("États-Unis", "Etats-Unis"),
    "GB": ("Royaume-Uni", "Grande-Bretagne"),
    "CZ": ("Tchéquie", "République tchèque"),
    "MD": ("Moldavie",),
    "VN": ("Vietnam", "Viêt Nam"),
    "SY": ("Syrie",),
    "TZ": ("Tanzanie",),
    "BO": ("Bolivie",),
    "VE": ("Venezuela",),
    "LA": ("Laos",),
    "TW": ("Taïwan",),
    "MK": ("Macédoine du Nord",),
    "BY": ("Biélorussie", "Bélarus"),
    "AE": ("Émirats arabes unis",),
    "MU": ("Île Maurice",),  # "Maurice" alone is a first name
}
ENGLISH_NAMES = {"RU": "Russia", "TR": "Turkey", "KR": "South Korea", "KP": "North Korea"}

# Masculine singular adjective (or demonym) -> country; the other forms are derived.
ADJECTIVES: dict[str, str] = {
    "kazakhstanais": "KZ",
    "kazakh": "KZ",
    "kirghize": "KG",
    "kirghiz": "KG",
    "kirghizstanais": "KG",
    "ouzbek": "UZ",
    "ouzbèke": "UZ",
    "ouzbékistanais": "UZ",
    "tadjik": "TJ",
    "tadjikistanais": "TJ",
    "turkmène": "TM",
    "russe": "RU",
    "chinois": "CN",
    "turc": "TR",
    "américain": "US",
    "italien": "IT",
    "français": "FR",
    "allemand": "DE",
    "britannique": "GB",
    "japonais": "JP",
    "sud-coréen": "KR",
    "nord-coréen": "KP",
    "indien": "IN",
    "iranien": "IR",
    "afghan": "AF",
    "pakistanais": "PK",
    "azerbaïdjanais": "AZ",
    "azéri": "AZ",
    "géorgien": "GE",
    "arménien": "AM",
    "biélorusse": "BY",
    "bélarusse": "BY",
    "ukrainien": "UA",
    "polonais": "PL",
    "espagnol": "ES",
    "hongrois": "HU",
    "mongol": "MN",
    "saoudien": "SA",
    "émirien": "AE",
    "qatari": "QA",
    "égyptien": "EG",
    "israélien": "IL",
    "belge": "BE",
    "néerlandais": "NL",
    "suisse": "CH",
    "autrichien": "AT",
    "suédois": "SE",
    "finlandais": "FI",
    "norvégien": "NO",
    "lituanien": "LT",
    "letton": "LV",
    "estonien": "EE",
    "roumain": "RO",
    "bulgare": "BG",
    "serbe": "RS",
    "grec": "GR",
    "portugais": "PT",
    "canadien": "CA",
    "brésilien": "BR",
    "mexicain": "MX",
    "vietnamien": "VN",
    "thaïlandais": "TH",
    "indonésien": "ID",
    "malaisien": "MY",
    "syrien": "SY",
    "irakien": "IQ",
    "tchèque": "CZ",
    "slovaque": "SK",
    "croate": "HR",
    "danois": "DK",
    "irlandais": "IE",
    "émirati": "AE",
    "koweïtien": "KW",
    "omanais": "OM",
    "jordanien": "JO",
    "libanais": "LB",
    "marocain": "MA",
    "algérien": "DZ",
    "tunisien": "TN",
    "sénégalais": "SN",
    "nigérian": "NG",
    "sud-africain": "ZA",
    "australien": "AU",
    "argentin": "AR",
    "chilien": "CL",
    "colombien": "CO",
    "cubain": "CU",
    "slovène": "SI",
    "luxembourgeois": "LU",
    "maltais": "MT",
    "chypriote": "CY",
    "islandais": "IS",
    "moldave": "MD",
    "bangladais": "BD",
    "sri-lankais": "LK",
    "népalais": "NP",
    "philippin": "PH",
    "singapourien": "SG",
}
# Irregular feminine and plural forms.
IRREGULAR = {
    "turc": ("turque", "turcs", "turques"),
    "grec": ("grecque", "grecs", "grecques"),
    "ouzbek": ("ouzbeks",),
    "kazakh": ("kazakhe", "kazakhs", "kazakhes"),
    "kirghiz": ("kirghizes",),
}

# Capital (French form, English form) by country, for visits and metonymy.
CAPITALS: dict[str, tuple[tuple[str, ...], str]] = {
    "KZ": (("Astana", "Nur-Sultan", "Noursoultan"), "Astana"),
    "KG": (("Bichkek", "Bishkek"), "Bishkek"),
    "UZ": (("Tachkent",), "Tashkent"),
    "TJ": (("Douchanbé",), "Dushanbe"),
    "TM": (("Achgabat", "Achkhabad"), "Ashgabat"),
    "RU": (("Moscou",), "Moscow"),
    "CN": (("Pékin", "Beijing"), "Beijing"),
    "TR": (("Ankara",), "Ankara"),
    "US": (("Washington",), "Washington"),
    "IT": (("Rome",), "Rome"),
    "FR": (("Paris",), "Paris"),
    "DE": (("Berlin",), "Berlin"),
    "GB": (("Londres",), "London"),
    "BE": (("Bruxelles",), "Brussels"),
    "JP": (("Tokyo",), "Tokyo"),
    "KR": (("Séoul",), "Seoul"),
    "IN": (("New Delhi",), "New Delhi"),
    "IR": (("Téhéran",), "Tehran"),
    "AF": (("Kaboul",), "Kabul"),
    "PK": (("Islamabad",), "Islamabad"),
    "AZ": (("Bakou",), "Baku"),
    "GE": (("Tbilissi",), "Tbilisi"),
    "AM": (("Erevan",), "Yerevan"),
    "BY": (("Minsk",), "Minsk"),
    "UA": (("Kiev", "Kyiv"), "Kyiv"),
    "PL": (("Varsovie",), "Warsaw"),
    "ES": (("Madrid",), "Madrid"),
    "HU": (("Budapest",), "Budapest"),
    "MN": (("Oulan-Bator",), "Ulaanbaatar"),
    "SA": (("Riyad",), "Riyadh"),
    "AE": (("Abou Dhabi", "Abu Dhabi"), "Abu Dhabi"),
    "QA": (("Doha",), "Doha"),
    "EG": (("Le Caire",), "Cairo"),
    "AT": (("Vienne",), "Vienna"),
    "CH": (("Berne",), "Bern"),
    "NL": (("Amsterdam",), "Amsterdam"),
    "SE": (("Stockholm",), "Stockholm"),
    "FI": (("Helsinki",), "Helsinki"),
    "NO": (("Oslo",), "Oslo"),
    "LT": (("Vilnius",), "Vilnius"),
    "LV": (("Riga",), "Riga"),
    "EE": (("Tallinn",), "Tallinn"),
    "RO": (("Bucarest",), "Bucharest"),
    "BG": (("Sofia",), "Sofia"),
    "RS": (("Belgrade",), "Belgrade"),
    "GR": (("Athènes",), "Athens"),
    "PT": (("Lisbonne",), "Lisbon"),
    "CA": (("Ottawa",), "Ottawa"),
    "VN": (("Hanoï",), "Hanoi"),
    "TH": (("Bangkok",), "Bangkok"),
    "ID": (("Jakarta",), "Jakarta"),
    "MY": (("Kuala Lumpur",), "Kuala Lumpur"),
    "CZ": (("Prague",), "Prague"),
    "SK": (("Bratislava",), "Bratislava"),
    "DK": (("Copenhague",), "Copenhagen"),
    "IE": (("Dublin",), "Dublin"),
    "IL": (("Jérusalem",), "Jerusalem"),
    "JO": (("Amman",), "Amman"),
    "KW": (("Koweït City",), "Kuwait City"),
    "OM": (("Mascate",), "Muscat"),
}


@dataclass(frozen=True)
class Country:
    code: str
    fr: str
    en: str
    names: tuple[str, ...]  # every French form, the usual one first
    capital_fr: tuple[str, ...]
    capital_en: str | None

    @property
    def slug(self) -> str:
        return slug(self.en)


def _forms(adjective: str) -> tuple[str, ...]:
    if adjective in IRREGULAR:
        return (adjective, *IRREGULAR[adjective])
    if adjective.endswith("e"):
        return (adjective, adjective + "s")
    if adjective.endswith(("ien", "éen")):
        return (adjective, adjective + "ne", adjective + "s", adjective + "nes")
    if adjective.endswith("s"):
        return (adjective, adjective + "e", adjective + "es")
    return (adjective, adjective + "e", adjective + "s", adjective + "es")


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    found: dict[str, Country] = {}
    for entry in pycountry.countries:
        code = entry.alpha_2
        if code not in COUNTRY_CODES:
            continue
        common = getattr(entry, "common_name", None) or entry.name
        names = FRENCH_NAMES.get(code) or (french.gettext(common).split(", ")[0],)
        english = ENGLISH_NAMES.get(code) or common.split(", ")[0]
        capital = CAPITALS.get(code)
        found[code] = Country(
            code,
            names[0],
            english,
            names,
            capital[0] if capital else (),
            capital[1] if capital else None,
        )
    return found


@lru_cache(maxsize=1)
def adjectives() -> dict[str, str]:
    """Every form of every adjective (lower case) -> country code."""
    return {form: code for word, code in ADJECTIVES.items() for form in _forms(word)}


@lru_cache(maxsize=1)
def adjective_pattern() -> re.Pattern[str]:
    forms = sorted(adjectives(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, forms)) + r")(?![\w-])")


def country_of_adjective(word: str) -> str | None:
    return adjectives().get(word.lower())
