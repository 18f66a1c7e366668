"""Country names in English, Spanish and Korean for the countries a brief names most often.

Other countries fall back to the English name of the ``countries`` table (or the ISO3 code).
:data:`ARTICLES` says which names take an article ("the European Union", "la Alianza del Pacífico",
"el MERCOSUR"); the grammar of :mod:`tradebridge.i18n` reads it.

>>> country_name("MEX", "es"), country_name("KOR", "ko"), country_name("XYZ", "es")
('México', '대한민국', 'XYZ')
>>> article("Alianza del Pacífico", "es"), article("MERCOSUR", "es"), article("Chile", "es")
('la', 'el', '')
"""

from __future__ import annotations

NAMES: dict[str, dict[str, str]] = {
    "KOR": {"en": "Korea", "es": "Corea", "ko": "대한민국"},
    "CHL": {"en": "Chile", "es": "Chile", "ko": "칠레"},
    "COL": {"en": "Colombia", "es": "Colombia", "ko": "콜롬비아"},
    "MEX": {"en": "Mexico", "es": "México", "ko": "멕시코"},
    "PER": {"en": "Peru", "es": "Perú", "ko": "페루"},
    "JPN": {"en": "Japan", "es": "Japón", "ko": "일본"},
    "CHN": {"en": "China", "es": "China", "ko": "중국"},
    "USA": {"en": "United States", "es": "Estados Unidos", "ko": "미국"},
    "CAN": {"en": "Canada", "es": "Canadá", "ko": "캐나다"},
    "BRA": {"en": "Brazil", "es": "Brasil", "ko": "브라질"},
    "ARG": {"en": "Argentina", "es": "Argentina", "ko": "아르헨티나"},
    "URY": {"en": "Uruguay", "es": "Uruguay", "ko": "우루과이"},
    "PRY": {"en": "Paraguay", "es": "Paraguay", "ko": "파라과이"},
    "VEN": {"en": "Venezuela", "es": "Venezuela", "ko": "베네수엘라"},
    "BOL": {"en": "Bolivia", "es": "Bolivia", "ko": "볼리비아"},
    "ECU": {"en": "Ecuador", "es": "Ecuador", "ko": "에콰도르"},
    "AUS": {"en": "Australia", "es": "Australia", "ko": "호주"},
    "NZL": {"en": "New Zealand", "es": "Nueva Zelanda", "ko": "뉴질랜드"},
    "SGP": {"en": "Singapore", "es": "Singapur", "ko": "싱가포르"},
    "DEU": {"en": "Germany", "es": "Alemania", "ko": "독일"},
    "FRA": {"en": "France", "es": "Francia", "ko": "프랑스"},
    "GBR": {"en": "United Kingdom", "es": "Reino Unido", "ko": "영국"},
    "ESP": {"en": "Spain", "es": "España", "ko": "스페인"},
    "ITA": {"en": "Italy", "es": "Italia", "ko": "이탈리아"},
    "IND": {"en": "India", "es": "India", "ko": "인도"},
    "IDN": {"en": "Indonesia", "es": "Indonesia", "ko": "인도네시아"},
    "VNM": {"en": "Viet Nam", "es": "Vietnam", "ko": "베트남"},
    "THA": {"en": "Thailand", "es": "Tailandia", "ko": "태국"},
    "MYS": {"en": "Malaysia", "es": "Malasia", "ko": "말레이시아"},
    "PHL": {"en": "Philippines", "es": "Filipinas", "ko": "필리핀"},
    "WLD": {"en": "World", "es": "Mundo", "ko": "세계"},
}


def country_name(iso3: str, lang: str = "en", fallback: str | None = None) -> str:
    """The country's name in ``lang``; ``fallback`` (e.g. the countries table's name) or the code otherwise."""
    entry = NAMES.get(iso3.upper())
    if entry:
        return entry.get(lang, entry["en"])
    return fallback or iso3


# names (as shown) that take an article; any other name takes none. Spanish: gender of the head noun
# (la Alianza, la Unión, la Comunidad, la ASEAN = la Asociación; el MERCOSUR = el Mercado, el T-MEC = el Tratado)
ARTICLES: dict[str, dict[str, str]] = {
    "en": {"Pacific Alliance": "the", "European Union": "the", "Andean Community": "the",
           "United States": "the", "United Kingdom": "the", "Philippines": "the"},
    "es": {"Alianza del Pacífico": "la", "Unión Europea": "la", "Comunidad Andina": "la", "ASEAN": "la",
           "MERCOSUR": "el", "T-MEC / TLCAN": "el", "Reino Unido": "el"},
}


def article(name: str, lang: str) -> str:
    """The definite article ``name`` takes in ``lang`` ('' for none, and always in Korean)."""
    return ARTICLES.get(lang, {}).get(name, "")
