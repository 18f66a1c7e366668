"""Macro reference files: IMF annual exchange rates, Fed H.10 monthly rates, Penn World Table 10.01,
World Bank GDP and population (as repackaged by the datasets/* repositories).

All become long ``macro`` rows (country, year, month, indicator, value, unit, dataset).
Exchange rates are stored as local currency units per USD (``fx_lcu_per_usd``). The Fed publishes a few
currencies (AUD, EUR, GBP, NZD) as USD per unit; the datasets/exchange-rates file already gives every
series per USD (e.g. 2008-07 GBP 0.5028, EUR 0.6346), so nothing is inverted.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tradebridge.sources.base import Extract, Provenance, sha256_file
from tradebridge.sources.files import check_unique, read_table, to_number

IMF = "macro/imf_fx_annual_lcu_per_usd.csv.gz"
FRED = "macro/fred_h10_fx_monthly.csv"
PWT = "macro/pwt10.01.csv.gz"
WB_GDP = "macro/wb_gdp_current_usd.csv"
WB_POP = "macro/wb_population.csv"
_COLS = ["country", "year", "month", "indicator", "value", "unit", "dataset"]

FRED_COUNTRIES = {
    "Australia": "AUS", "Austria": "AUT", "Belgium": "BEL", "Brazil": "BRA", "Canada": "CAN", "China": "CHN",
    "Denmark": "DNK", "Euro": "EMU", "Finland": "FIN", "France": "FRA", "Germany": "DEU", "Greece": "GRC",
    "Hong Kong": "HKG", "India": "IND", "Ireland": "IRL", "Italy": "ITA", "Japan": "JPN", "Malaysia": "MYS",
    "Mexico": "MEX", "Netherlands": "NLD", "New Zealand": "NZL", "Norway": "NOR", "Portugal": "PRT",
    "Singapore": "SGP", "South Africa": "ZAF", "South Korea": "KOR", "Spain": "ESP", "Sri Lanka": "LKA",
    "Sweden": "SWE", "Switzerland": "CHE", "Taiwan": "TWN", "Thailand": "THA", "United Kingdom": "GBR",
    "Venezuela": "VEN",
}


def read_imf_fx(raw: Path, countries: pd.DataFrame) -> Extract:
    """IMF IFS annual average rates (LCU per USD), ISO2 -> ISO3; euro-area aggregates (U2) as EMU."""
    path = raw / IMF
    frame = read_table(path, required=["Date", "Rate", "Currency", "Country code"])
    iso2 = dict(zip(countries["ISO2"], countries["ISO3"], strict=True)) | {"U2": "EMU"}
    frame = frame[frame["Country code"].isin(iso2)].copy()
    frame["country"] = frame["Country code"].map(iso2)
    frame["year"] = pd.to_datetime(frame["Date"], errors="coerce").dt.year
    frame["value"] = to_number(frame, "Rate", file=path.name, nonneg=True)
    frame = frame.dropna(subset=["year", "value"])
    frame = frame.drop_duplicates(["country", "year"], keep="last")
    out = pd.DataFrame({"country": frame["country"], "year": frame["year"].astype(int), "month": pd.NA,
                        "indicator": "fx_lcu_per_usd", "value": frame["value"],
                        "unit": frame["Currency"] + " per USD", "dataset": "imf_fx_annual"})
    prov = Provenance(dataset="imf_fx_annual", source="IMF International Financial Statistics, annual average "
                      "(via codeforIATI/imf-exchangerates @89e77b6)", licence="IMF terms of use", file=IMF,
                      sha256=sha256_file(path))
    return Extract(prov, {"macro": out[_COLS]})


def read_fred_h10(raw: Path) -> Extract:
    """Federal Reserve H.10 monthly averages, as LCU per USD."""
    path = raw / FRED
    frame = read_table(path, required=["Date", "Country", "Exchange rate"])
    frame = frame[frame["Country"].isin(FRED_COUNTRIES)].copy()
    value = to_number(frame, "Exchange rate", file=path.name, nonneg=True)
    date = pd.to_datetime(frame["Date"], errors="coerce")
    out = pd.DataFrame({"country": frame["Country"].map(FRED_COUNTRIES), "year": date.dt.year,
                        "month": date.dt.month, "indicator": "fx_lcu_per_usd", "value": value,
                        "unit": "LCU per USD", "dataset": "fred_h10"})
    out = out.dropna(subset=["year", "value"])
    out = out[out["value"] > 0]
    prov = Provenance(dataset="fred_h10", source="US Federal Reserve H.10, monthly (via datasets/exchange-rates "
                      "@fa7d949)", licence="PDDL", file=FRED, sha256=sha256_file(path),
                      note="all series as foreign currency per USD")
    return Extract(prov, {"macro": out[_COLS]})


PWT_VARS = {"rgdpe": "mil. 2017 USD", "rgdpo": "mil. 2017 USD", "pop": "millions", "emp": "millions",
            "hc": "index", "cgdpe": "mil. 2017 USD", "cgdpo": "mil. 2017 USD", "ctfp": "index (USA=1)",
            "rgdpna": "mil. 2017 USD", "xr": "LCU per USD", "pl_x": "price level", "pl_m": "price level",
            "csh_x": "share", "csh_m": "share", "labsh": "share"}


def read_pwt(raw: Path) -> Extract:
    """Penn World Table 10.01 (selected variables) as ``pwt_<var>`` indicators."""
    path = raw / PWT
    frame = read_table(path, required=["isocode", "year", *PWT_VARS])
    long = frame.melt(id_vars=["isocode", "year"], value_vars=list(PWT_VARS), var_name="var", value_name="v")
    long = long[long["v"].notna()].reset_index(drop=True)
    long["value"] = to_number(long, "v", file=path.name)
    out = pd.DataFrame({"country": long["isocode"], "year": long["year"].astype(int), "month": pd.NA,
                        "indicator": "pwt_" + long["var"], "value": long["value"],
                        "unit": long["var"].map(PWT_VARS), "dataset": "pwt10"})
    prov = Provenance(dataset="pwt10", source="Penn World Table 10.01 (Feenstra, Inklaar & Timmer 2015), via "
                      "cran/pwt10", licence="CC BY 4.0", file=PWT, sha256=sha256_file(path), version="10.01")
    return Extract(prov, {"macro": out[_COLS]})


def read_wb(raw: Path, known: set[str], file: str, indicator: str, unit: str, dataset: str) -> Extract:
    """World Bank WDI series (datasets/gdp or datasets/population layout). Regional aggregates are
    dropped except the world (WLD)."""
    path = raw / file
    frame = read_table(path, required=["Country Code", "Year", "Value"])
    frame = frame[frame["Country Code"].isin(known)].reset_index(drop=True)
    value = to_number(frame, "Value", file=path.name, nonneg=True)
    check_unique(frame, ["Country Code", "Year"], file=path.name)
    out = pd.DataFrame({"country": frame["Country Code"], "year": frame["Year"].astype(int), "month": pd.NA,
                        "indicator": indicator, "value": value, "unit": unit, "dataset": dataset})
    prov = Provenance(dataset=dataset, source=f"World Bank WDI ({indicator}), via datasets/"
                      f"{'gdp' if 'gdp' in dataset else 'population'}", licence="PDDL / CC BY 4.0 (World Bank)",
                      file=file, sha256=sha256_file(path))
    return Extract(prov, {"macro": out.dropna(subset=["value"])[_COLS]})
