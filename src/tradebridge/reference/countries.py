"""Country codes valid inside tradebridge: ISO 3166-1 alpha-3, and the historical and special codes
used by trade sources.

``ISO3_CODES`` is the ISO 3166-1 alpha-3 list (249 codes; ISO 3166 Maintenance Agency, as listed in
the UN Statistics Division's M49 table). UN Comtrade (and the penppml panel built from it) keep codes
of former countries and special areas; CEPII and WDI use a few non-ISO codes of their own. They are
valid too, with these names. ``WLD`` stands for the world aggregate.

>>> HISTORICAL_CODES["SVU"]
'USSR (former)'
>>> is_known_code("KOR"), is_known_code("ZZZ")
(True, False)
>>> close_codes("CHX")
['CHE', 'CHL', 'CHN', 'CHI']
"""

from __future__ import annotations

ISO3_CODES: frozenset[str] = frozenset((
    "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM", "ATA", "ATF", "ATG", "AUS",
    "AUT", "AZE", "BDI", "BEL", "BEN", "BES", "BFA", "BGD", "BGR", "BHR", "BHS", "BIH", "BLM", "BLR", "BLZ",
    "BMU", "BOL", "BRA", "BRB", "BRN", "BTN", "BVT", "BWA", "CAF", "CAN", "CCK", "CHE", "CHL", "CHN", "CIV",
    "CMR", "COD", "COG", "COK", "COL", "COM", "CPV", "CRI", "CUB", "CUW", "CXR", "CYM", "CYP", "CZE", "DEU",
    "DJI", "DMA", "DNK", "DOM", "DZA", "ECU", "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "FIN", "FJI", "FLK",
    "FRA", "FRO", "FSM", "GAB", "GBR", "GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB", "GNQ", "GRC",
    "GRD", "GRL", "GTM", "GUF", "GUM", "GUY", "HKG", "HMD", "HND", "HRV", "HTI", "HUN", "IDN", "IMN", "IND",
    "IOT", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA", "JAM", "JEY", "JOR", "JPN", "KAZ", "KEN", "KGZ", "KHM",
    "KIR", "KNA", "KOR", "KWT", "LAO", "LBN", "LBR", "LBY", "LCA", "LIE", "LKA", "LSO", "LTU", "LUX", "LVA",
    "MAC", "MAF", "MAR", "MCO", "MDA", "MDG", "MDV", "MEX", "MHL", "MKD", "MLI", "MLT", "MMR", "MNE", "MNG",
    "MNP", "MOZ", "MRT", "MSR", "MTQ", "MUS", "MWI", "MYS", "MYT", "NAM", "NCL", "NER", "NFK", "NGA", "NIC",
    "NIU", "NLD", "NOR", "NPL", "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER", "PHL", "PLW", "PNG", "POL",
    "PRI", "PRK", "PRT", "PRY", "PSE", "PYF", "QAT", "REU", "ROU", "RUS", "RWA", "SAU", "SDN", "SEN", "SGP",
    "SGS", "SHN", "SJM", "SLB", "SLE", "SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUR", "SVK", "SVN",
    "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK", "TKL", "TKM", "TLS", "TON", "TTO",
    "TUN", "TUR", "TUV", "TWN", "TZA", "UGA", "UKR", "UMI", "URY", "USA", "UZB", "VAT", "VCT", "VEN", "VGB",
    "VIR", "VNM", "VUT", "WLF", "WSM", "YEM", "ZAF", "ZMB", "ZWE",
))

HISTORICAL_CODES: dict[str, str] = {
    "ANT": "Netherlands Antilles (former)",
    "BAT": "British Antarctic Territory",
    "BLX": "Belgium-Luxembourg (until 1998)",
    "BUN": "Bunkers (as coded in UN Comtrade)",
    "CSK": "Czechoslovakia (former)",
    "DDR": "German Democratic Republic (former)",
    "FRE": "Free zones (as coded in UN Comtrade)",
    "KN1": "Saint Kitts, Nevis and Anguilla (former)",
    "MNT": "Montenegro (as coded in the source)",
    "NZE": "Neutral Zone (former)",
    "PAL": "Palestine (CEPII code)",
    "PCE": "Pacific Islands (former Trust Territory)",
    "PCZ": "Panama Canal Zone (former)",
    "ROM": "Romania (old code)",
    "RYU": "Ryukyu Islands (former)",
    "SCG": "Serbia and Montenegro (former)",
    "SIK": "Sikkim (former)",
    "SPE": "Special categories (as coded in UN Comtrade)",
    "SVR": "Fmr Rep. of Vietnam / special code (as coded in the source)",
    "SVU": "USSR (former)",
    "TAN": "Tanganyika (former)",
    "TMP": "East Timor (old code)",
    "UNS": "Areas not elsewhere specified",
    "USP": "US Miscellaneous Pacific Islands",
    "VDR": "Democratic Republic of Vietnam (former)",
    "YDR": "Democratic Yemen (former)",
    "YUG": "Yugoslavia (former)",
    "ZAR": "Zaire (old code of COD)",
    "ZPM": "Zanzibar and Pemba (former)",
    "ZW1": "Southern Rhodesia (former)",
    "EMU": "Euro area (IMF U2, Fed H.10 euro)",
    "WLD": "World",
    "XKX": "Kosovo (code used by the World Bank and the IMF)",
    "CHI": "Channel Islands (World Bank code)",
}

KNOWN_CODES: frozenset[str] = ISO3_CODES | frozenset(HISTORICAL_CODES)


def is_known_code(code: str) -> bool:
    """True for an ISO3 code or a historical/special code listed here (upper case expected)."""
    return code in KNOWN_CODES


def close_codes(code: str, n: int = 5) -> list[str]:
    """Known codes one typo away from ``code`` (one letter changed, or two neighbours swapped), for
    "did you mean" hints: at most ``n``, ISO3 codes first, alphabetical."""
    code = code.strip().upper()

    def near(other: str) -> bool:
        if len(other) != len(code) or other == code:
            return False
        diff = [k for k in range(len(code)) if code[k] != other[k]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and code[diff[0]] == other[diff[1]] and code[diff[1]] == other[diff[0]])

    found = sorted((c not in ISO3_CODES, c) for c in KNOWN_CODES if near(c))
    return [c for _, c in found[:n]]
