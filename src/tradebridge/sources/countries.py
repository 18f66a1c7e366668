"""Country codes (country_converter's table, GPL-3) and name matching for sources that use names.

>>> import pandas as pd
>>> table = pd.DataFrame({"ISO3": ["KOR", "CHL"], "regex": ["^(?!.*d.*p.*r)(?!.*democrat)(?!.*dem.*rep)"
...     ".*(south.*korea|republic.*korea|korea.*republic|\\\\bkorea$)", "chile"]})
>>> match_names(["Korea, Republic of", "Chile"], table)
['KOR', 'CHL']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd

from tradebridge.reference.countries import HISTORICAL_CODES
from tradebridge.sources.base import Extract, Provenance
from tradebridge.sources.files import check_unique, file_sha256, read_table, require_values, to_number

FILE = "classifications/country_codes.tsv"


def read_country_table(raw: Path) -> pd.DataFrame:
    """The country_converter table as strings (``NA`` is Namibia, not missing)."""
    table = read_table(raw / FILE, sep="\t", required=["ISO3", "ISO2", "UNcode", "name_short", "regex"])
    require_values(table, "ISO3", file=FILE, what="ISO3 code")
    check_unique(table, ["ISO3"], file=FILE)
    return table


def known_codes(table: pd.DataFrame) -> set[str]:
    """ISO3 codes valid in tradebridge: the standard list plus historical and special codes."""
    return set(table["ISO3"].dropna()) | set(HISTORICAL_CODES)


def m49_to_iso3(table: pd.DataFrame) -> dict[int, str]:
    """UN M49 numeric code -> ISO3."""
    out = {}
    for iso3, code in zip(table["ISO3"], table["UNcode"], strict=True):
        if isinstance(code, str) and code.strip().isdigit():
            out[int(code)] = iso3
    return out


@lru_cache(maxsize=8)
def _compiled(patterns: tuple[tuple[str, str], ...]) -> list[tuple[str, re.Pattern]]:
    return [(iso, re.compile(rx, re.IGNORECASE)) for iso, rx in patterns]


def match_names(names: Iterable[str], table: pd.DataFrame) -> list[str | None]:
    """Country names -> ISO3 via country_converter's regular expressions (None when no match)."""
    pats = _compiled(tuple((i, r) for i, r in zip(table["ISO3"], table["regex"], strict=True) if isinstance(r, str)))
    out: list[str | None] = []
    for name in names:
        text = str(name).strip()
        hits = [iso for iso, rx in pats if rx.search(text)]
        out.append(hits[0] if len(hits) >= 1 else None)
    return out


def read_countries(raw: Path) -> Extract:
    """The ``countries`` table from the country_converter list plus historical codes."""
    table = read_country_table(raw)
    m49 = to_number(table, "UNcode", file=FILE).astype("Int64")  # empty: no UN code
    frame = pd.DataFrame({
        "dataset": "country_codes",
        "iso3": table["ISO3"],
        "iso2": table["ISO2"].replace("", None),
        "m49": m49,
        "name": table["name_short"],
        "continent": table.get("continent"),
        "region": table.get("UNregion"),
    })
    hist = pd.DataFrame({"dataset": "country_codes", "iso3": list(HISTORICAL_CODES), "iso2": None, "m49": pd.NA,
                         "name": list(HISTORICAL_CODES.values()), "continent": None, "region": None})
    hist = hist[~hist["iso3"].isin(frame["iso3"])]
    frame = pd.concat([frame, hist], ignore_index=True)
    prov = Provenance(dataset="country_codes", source="country_converter 1.3.2 country table (PyPI)",
                      licence="GPL-3.0", file=FILE, sha256=file_sha256(raw / FILE),
                      note=f"{len(table):,} rows read, {len(frame) - len(table):,} historical codes added")
    return Extract(prov, {"countries": frame})
