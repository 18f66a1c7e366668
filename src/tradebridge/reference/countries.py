"""Country codes the standard lists lack: historical and special codes used by trade sources.

UN Comtrade (and the penppml panel built from it) keep codes of former countries and special areas;
CEPII and WDI use a few non-ISO codes of their own. They are valid inside tradebridge, with these
names. ``WLD`` stands for the world aggregate.

>>> HISTORICAL_CODES["SVU"]
'USSR (former)'
"""

from __future__ import annotations

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
}
