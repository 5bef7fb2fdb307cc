"""Areas of cooperation, from a lexicon of the words that signal each one."""

import re
from dataclasses import dataclass

from briefings.drafting.records import Article, Drafted
from briefings.drafting.spans import QuoteValue

# Evidence quotes per area: enough for an editor to judge it.
EVIDENCE_PER_AREA = 4


@dataclass(frozen=True)
class Area:
    id: str
    fr: str
    en: str
    description_fr: str
    description_en: str
    words: str  # a regex over lower-case text; each match is evidence


AREAS: tuple[Area, ...] = (
    Area(
        "diplomacy",
        "Relations bilatérales et diplomatie",
        "Bilateral relations and diplomacy",
        "Dialogue politique et relations bilatérales.",
        "Political dialogue and bilateral relations.",
        r"relations bilatérales|rencontre de haut niveau|visite officielle|visite d[’']état|"
        r"dialogue politique|partenariat stratégique|consultations politiques",
    ),
    Area(
        "trade",
        "Commerce",
        "Trade",
        "Échanges commerciaux et leurs objectifs.",
        "Trade and its targets.",
        r"échanges commerciaux|échanges bilatéraux|commerce|commerciaux|commerciale?s?|"
        r"exportations?|importations?|libre-échange|droits de douane",
    ),
    Area(
        "transport-logistics",
        "Transport et logistique",
        "Transport and logistics",
        "Infrastructures de transport et transit des marchandises.",
        "Transport infrastructure and transit of goods.",
        r"logistiques?|transit|chemin de fer|ferroviaires?|routières?|autoroutes?|"
        r"corridors? de transport|infrastructures? de transport",
    ),
    Area(
        "energy",
        "Énergie",
        "Energy",
        "Électricité, carburants et intégration énergétique.",
        "Electricity, fuel and energy integration.",
        r"énergétiques?|énergie|électricité|carburants?|gaz naturel|pétrole|hydroélectri\w*|"
        r"centrales? \w+|nucléaire",
    ),
    Area(
        "water",
        "Eau",
        "Water",
        "Gestion des ressources en eau.",
        "Management of water resources.",
        r"ressources hydriques|ressources en eau|stress hydrique|sécurité de l[’']eau|"
        r"irrigation|barrages?",
    ),
    Area(
        "geopolitics",
        "Géopolitique régionale",
        "Regional geopolitics",
        "Contexte régional et rôle des puissances extérieures.",
        "Regional context and the role of external powers.",
        r"géopoliti\w+|puissances extérieures|contexte régional|diversification diplomatique|"
        r"souveraineté|multipolaire",
    ),
    Area(
        "education",
        "Éducation",
        "Education",
        "Écoles, universités et échanges d'étudiants.",
        "Schools, universities and student exchanges.",
        r"éducation|écoles?|universitaires?|universités?|étudiants?|enseignement|"
        r"bourses d[’']études",
    ),
    Area(
        "culture",
        "Culture",
        "Culture",
        "Liens et centres culturels.",
        "Cultural ties and centres.",
        r"culturels?|culturelles?|culture|patrimoine|festival",
    ),
    Area(
        "people-to-people",
        "Diplomatie populaire et mobilité",
        "People-to-people diplomacy and mobility",
        "Visas, tourisme, mobilité et liens humains.",
        "Visas, tourism, mobility and human ties.",
        r"visas?|touristiques?|tourisme|diplomatie populaire|liens humains|mobilité|"
        r"entrepreneuriat transfrontalier",
    ),
    Area(
        "security",
        "Sécurité",
        "Security",
        "Sécurité, défense et lutte contre le terrorisme.",
        "Security, defence and counter-terrorism.",
        r"défense|militaires?|terroris\w+|sécurité régionale|sécurité collective|"
        r"extrémisme",
    ),
    Area(
        "investment",
        "Investissement",
        "Investment",
        "Investissements et financements.",
        "Investment and financing.",
        r"investissements?|investisseurs?|financements?|(?:un|le|du|des|les) prêts?",
    ),
    Area(
        "agriculture",
        "Agriculture",
        "Agriculture",
        "Agriculture et produits agricoles.",
        "Agriculture and farm products.",
        r"agricoles?|agriculture|céréales|blé|élevage",
    ),
    Area(
        "health",
        "Santé",
        "Health",
        "Santé et coopération médicale.",
        "Health and medical cooperation.",
        r"santé|médica\w+|hôpita\w+",
    ),
    Area(
        "digital",
        "Numérique",
        "Digital",
        "Technologies numériques et télécommunications.",
        "Digital technology and telecommunications.",
        r"numériques?|intelligence artificielle|télécommunications?",
    ),
    Area(
        "environment",
        "Environnement et climat",
        "Environment and climate",
        "Climat et protection de l'environnement.",
        "Climate and environmental protection.",
        r"climat\w*|environnement\w*|émissions",
    ),
    Area(
        "industry",
        "Industrie",
        "Industry",
        "Coopération industrielle.",
        "Industrial cooperation.",
        r"industriel(?:le)?s?|industrie|usines?",
    ),
)
PATTERNS = {
    area.id: re.compile(rf"(?<![\w-])(?:{area.words})(?![\w-])", re.IGNORECASE) for area in AREAS
}


def areas_in(text: str) -> list[str]:
    """Ids of the areas whose words occur in ``text``, in lexicon order."""
    return [area.id for area in AREAS if PATTERNS[area.id].search(text)]


def find_areas(article: Article) -> list[Drafted]:
    drafted: list[Drafted] = []
    for area in AREAS:
        found = list(PATTERNS[area.id].finditer(article.text))
        if not found:
            continue
        seen: set[str] = set()
        evidence: list[QuoteValue] = []
        for match in found:
            if match[0].lower() in seen or len(evidence) == EVIDENCE_PER_AREA:
                continue
            seen.add(match[0].lower())
            evidence.append(article.quote(match.start(), match.end()))
        drafted.append(
            Drafted(
                "cooperation_areas",
                {
                    "id": area.id,
                    "name": {"fr": area.fr, "en": area.en},
                    "description": {"fr": area.description_fr, "en": area.description_en},
                    "evidence": evidence,
                },
                min(0.9, 0.4 + 0.15 * len(found)),
                f"{len(found)} word(s) of the area's lexicon",
                (area.id,),
            )
        )
    return drafted
