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

from tradebridge.errors import DataError
from tradebridge.sources.base import Extract, Provenance
from tradebridge.sources.codes import ISO2
from tradebridge.sources.files import (
    RowLedger,
    check_codes,
    check_unique,
    file_sha256,
    join_notes,
    normalise_codes,
    read_table,
    require_values,
    to_date,
    to_number,
    to_year,
)

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


#: World Bank regional, income and lending-group aggregates: published in the WDI files beside the
#: countries and dropped (counted). The world (WLD) and the euro area (EMU) are kept: both are known codes.
WB_AGGREGATES = frozenset({
    "AFE", "AFW", "ARB", "CEB", "CSS", "EAP", "EAR", "EAS", "ECA", "ECS", "EMU", "EUU", "FCS", "HIC", "HPC",
    "IBD", "IBT", "IDA", "IDB", "IDX", "INX", "LAC", "LCN", "LDC", "LIC", "LMC", "LMY", "LTE", "MEA", "MIC",
    "MNA", "NAC", "OED", "OSS", "PRE", "PSS", "PST", "SAS", "SSA", "SSF", "SST", "TEA", "TEC", "TLA", "TMN",
    "TSA", "TSS", "UMC", "WLD",
})


def read_imf_fx(raw: Path, countries: pd.DataFrame) -> Extract:
    """IMF IFS annual average rates (LCU per USD), ISO2 -> ISO3; euro-area aggregates (U2) as EMU.

    IMF area codes that are not ISO alpha-2 codes (currency unions such as 5X, the SDR XDR, former
    states such as SUH) are dropped and counted; an unknown two-letter code or a duplicate
    (country, year) is an error.
    """
    path = raw / IMF
    name = path.name
    # "NA" is Namibia here, not a missing value
    frame = read_table(path, required=["Date", "Rate", "Currency", "Country code"], na_values=[""])
    ledger = RowLedger(name, frame)
    iso2 = dict(ISO2) | {str(a): str(b) for a, b in zip(countries["ISO2"], countries["ISO3"], strict=True)
                         if isinstance(a, str) and len(a) == 2} | {"U2": "EMU"}
    code = frame["Country code"].fillna("").str.strip()
    area = ~code.str.upper().isin(iso2) & ~code.str.fullmatch(r"[A-Za-z]{2}")
    frame = ledger.drop(frame, area, "IMF area codes that are not ISO alpha-2 (currency unions, SDR, "
                                     "former states)")
    code = frame["Country code"].str.strip().str.upper()
    unknown = ~code.isin(iso2)
    if unknown.any():
        raise DataError(f"unknown ISO alpha-2 code(s) {sorted(code[unknown].unique())[:5]}", file=name,
                        column="Country code", rows=(frame.index[unknown] + 2).tolist(),
                        hint="use ISO 3166 alpha-2 country codes")
    frame = frame.assign(country=code.map(iso2))
    date = to_date(frame, "Date", file=name, fmt="%Y-%m-%d", example="2015-12-31")
    frame = frame.assign(year=date.dt.year)
    value = to_number(frame, "Rate", file=name, nonneg=True)
    empty = value.isna()
    frame, value = ledger.drop(frame, empty, "empty rates (not published)"), value[~empty]
    check_unique(frame, ["country", "year"], file=name)
    out = pd.DataFrame({"country": frame["country"], "year": frame["year"].astype(int), "month": pd.NA,
                        "indicator": "fx_lcu_per_usd", "value": value,
                        "unit": frame["Currency"] + " per USD", "dataset": "imf_fx_annual"})
    ledger.check(len(out))
    prov = Provenance(dataset="imf_fx_annual", source="IMF International Financial Statistics, annual average "
                      "(via codeforIATI/imf-exchangerates @89e77b6)", licence="IMF terms of use", file=IMF,
                      sha256=file_sha256(path), note=ledger.note())
    return Extract(prov, {"macro": out[_COLS]})


def read_fred_h10(raw: Path) -> Extract:
    """Federal Reserve H.10 monthly averages, as LCU per USD. Every row must name a listed country."""
    path = raw / FRED
    name = path.name
    frame = read_table(path, required=["Date", "Country", "Exchange rate"])
    ledger = RowLedger(name, frame)
    require_values(frame, "Country", file=name, what="country")
    unknown = ~frame["Country"].isin(FRED_COUNTRIES)
    if unknown.any():
        raise DataError(f"unknown country name(s) {sorted(frame.loc[unknown, 'Country'].unique())[:5]}",
                        file=name, column="Country", rows=(frame.index[unknown] + 2).tolist(),
                        hint="the H.10 file lists the countries of FRED_COUNTRIES; check the columns")
    date = to_date(frame, "Date", file=name, fmt="%Y-%m-%d", example="2008-07-01")
    value = to_number(frame, "Exchange rate", file=name, nonneg=True)
    empty = value.isna()
    zero = value == 0
    if zero.any():
        raise DataError("zero exchange rate(s)", file=name, column="Exchange rate",
                        rows=(frame.index[zero] + 2).tolist(), hint="a rate must be positive; correct the rows")
    keep = ~empty.to_numpy()
    frame = ledger.drop(frame, empty, "empty rates (not published)")
    out = pd.DataFrame({"country": frame["Country"].map(FRED_COUNTRIES), "year": date[keep].dt.year,
                        "month": date[keep].dt.month, "indicator": "fx_lcu_per_usd", "value": value[keep],
                        "unit": "LCU per USD", "dataset": "fred_h10"})
    check_unique(out, ["country", "year", "month"], file=name)
    ledger.check(len(out))
    prov = Provenance(dataset="fred_h10", source="US Federal Reserve H.10, monthly (via datasets/exchange-rates "
                      "@fa7d949)", licence="PDDL", file=FRED, sha256=file_sha256(path),
                      note=join_notes("all series as foreign currency per USD", ledger.note()))
    return Extract(prov, {"macro": out[_COLS]})


PWT_VARS = {"rgdpe": "mil. 2017 USD", "rgdpo": "mil. 2017 USD", "pop": "millions", "emp": "millions",
            "hc": "index", "cgdpe": "mil. 2017 USD", "cgdpo": "mil. 2017 USD", "ctfp": "index (USA=1)",
            "rgdpna": "mil. 2017 USD", "xr": "LCU per USD", "pl_x": "price level", "pl_m": "price level",
            "csh_x": "share", "csh_m": "share", "labsh": "share"}


def read_pwt(raw: Path) -> Extract:
    """Penn World Table 10.01 (selected variables) as ``pwt_<var>`` indicators; empty cells (not
    published) are counted in the provenance note."""
    path = raw / PWT
    name = path.name
    frame = read_table(path, required=["isocode", "year", *PWT_VARS])
    require_values(frame, "isocode", file=name, what="country code")
    frame = frame.assign(year=to_year(frame, "year", file=name))
    for var in PWT_VARS:
        to_number(frame, var, file=name)  # names the file line of a bad cell before the reshape
    check_unique(frame, ["isocode", "year"], file=name)
    long = frame.melt(id_vars=["isocode", "year"], value_vars=list(PWT_VARS), var_name="var", value_name="v")
    ledger = RowLedger(name, long)
    long = ledger.drop(long, long["v"].isna(), "empty cells (variable not published for that year)")
    long = long.reset_index(drop=True)
    out = pd.DataFrame({"country": long["isocode"], "year": long["year"], "month": pd.NA,
                        "indicator": "pwt_" + long["var"], "value": pd.to_numeric(long["v"]),
                        "unit": long["var"].map(PWT_VARS), "dataset": "pwt10"})
    ledger.check(len(out))
    prov = Provenance(dataset="pwt10", source="Penn World Table 10.01 (Feenstra, Inklaar & Timmer 2015), via "
                      "cran/pwt10", licence="CC BY 4.0", file=PWT, sha256=file_sha256(path), version="10.01",
                      note="rows counted as country-year-variable cells: " + ledger.note())
    return Extract(prov, {"macro": out[_COLS]})


def read_wb(raw: Path, known: set[str], file: str, indicator: str, unit: str, dataset: str) -> Extract:
    """World Bank WDI series (datasets/gdp or datasets/population layout).

    Codes are upper-cased (ISO 3166 codes are upper case; a lower-case ``kor`` is Korea, not a new
    code) and the rows changed are counted. Regional and income aggregates (:data:`WB_AGGREGATES`) are
    dropped and counted, except the world (WLD) and the euro area (EMU); any other unknown code is an
    error, so swapped columns cannot silently drop every row.
    """
    path = raw / file
    name = path.name
    frame = read_table(path, required=["Country Code", "Year", "Value"])
    ledger = RowLedger(name, frame)
    require_values(frame, "Country Code", file=name, what="country code")
    codes = normalise_codes(frame, "Country Code", ledger, valid=known | WB_AGGREGATES)
    frame = frame.assign(**{"Country Code": codes})
    aggregate = frame["Country Code"].isin(WB_AGGREGATES - known)
    frame = ledger.drop(frame, aggregate, "World Bank regional/income aggregates")
    check_codes(frame, "Country Code", known, file=name)
    year = to_year(frame, "Year", file=name)
    value = to_number(frame, "Value", file=name, nonneg=True)
    empty = value.isna()
    frame = ledger.drop(frame.assign(Year=year, Value=value), empty, "empty values (not published)")
    check_unique(frame, ["Country Code", "Year"], file=name)
    out = pd.DataFrame({"country": frame["Country Code"], "year": frame["Year"], "month": pd.NA,
                        "indicator": indicator, "value": frame["Value"], "unit": unit, "dataset": dataset})
    ledger.check(len(out))
    prov = Provenance(dataset=dataset, source=f"World Bank WDI ({indicator}), via datasets/"
                      f"{'gdp' if 'gdp' in dataset else 'population'}", licence="PDDL / CC BY 4.0 (World Bank)",
                      file=file, sha256=file_sha256(path), note=ledger.note())
    return Extract(prov, {"macro": out[_COLS]})
