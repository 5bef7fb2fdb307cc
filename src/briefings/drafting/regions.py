"""Regions, seas, rivers and lakes by their French names.

The record vocabulary has no kind for a sea or a river, so they are drafted as
regions; an editor who needs the difference sees it in the name.
"""

# French form -> English name; the longest form wins where two overlap.
REGIONS: dict[str, str] = {
    "Asie centrale": "Central Asia",
    "Asie du Sud-Est": "Southeast Asia",
    "Asie du Sud": "South Asia",
    "Asie de l'Est": "East Asia",
    "Asie de l’Est": "East Asia",
    "Asie": "Asia",
    "Eurasie": "Eurasia",
    "Europe": "Europe",
    "Europe de l'Est": "Eastern Europe",
    "Europe de l’Est": "Eastern Europe",
    "Caucase du Sud": "South Caucasus",
    "Caucase": "Caucasus",
    "Moyen-Orient": "Middle East",
    "Proche-Orient": "Near East",
    "Afrique": "Africa",
    "Extrême-Orient": "Far East",
    "Balkans": "Balkans",
    "Sibérie": "Siberia",
    "Arctique": "Arctic",
    "Méditerranée": "Mediterranean",
    "vallée de Fergana": "Fergana Valley",
    "vallée de Ferghana": "Fergana Valley",
    "mer Caspienne": "Caspian Sea",
    "Caspienne": "Caspian Sea",
    "mer Noire": "Black Sea",
    "mer d'Aral": "Aral Sea",
    "mer d’Aral": "Aral Sea",
    "lac Issyk-Koul": "Lake Issyk-Kul",
    "Issyk-Koul": "Issyk-Kul",
    "Amou-Daria": "Amu Darya",
    "Syr-Daria": "Syr Darya",
    "Irtych": "Irtysh",
    "Pamir": "Pamir",
    "Tian Shan": "Tian Shan",
    "Altaï": "Altai",
}
