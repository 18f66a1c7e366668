"""World Bank World Development Indicators through the API v2 (JSON): GDP, population, deflators.

Request: ``https://api.worldbank.org/v2/country/KOR;CHL/indicator/NY.GDP.MKTP.CD?format=json&date=2000:2020
&per_page=1000&page=1``. Reply: ``[{"page", "pages", "per_page", "total", "sourceid", "lastupdated"},
[{"indicator": {"id", "value"}, "country": {"id", "value"}, "countryiso3code", "date", "value", "unit",
"obs_status", "decimal"}, ...]]``; an error is ``[{"message": [{"id", "key", "value"}]}]``; an empty
result has ``null`` as its second element. Every page is fetched.

Rows become ``macro`` rows (dataset ``wdi``) with the indicator names of :data:`INDICATORS`; an
indicator code not listed there is stored as ``wdi_<code>`` with unit ``as published``. Missing values
(``null``) and aggregates without an ISO3 code are dropped and counted in the provenance note.
``version`` in the provenance is the API's ``lastupdated`` date.

>>> indicator_name("NY.GDP.MKTP.CD"), indicator_name("BX.KLT.DINV.CD.WD")
('gdp_usd', 'wdi_bx_klt_dinv_cd_wd')
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pandas as pd

from tradebridge.errors import SourceError
from tradebridge.sources.base import Extract, Provenance
from tradebridge.sources.http import FetchInfo, HttpClient

BASE_URL = "https://api.worldbank.org/v2/country/{countries}/indicator/{indicator}"
LICENCE = "CC BY 4.0 (World Bank Open Data)"
#: WDI code -> (macro indicator, unit)
INDICATORS: dict[str, tuple[str, str]] = {
    "NY.GDP.MKTP.CD": ("gdp_usd", "USD current"),
    "NY.GDP.MKTP.KD": ("gdp_usd_const", "USD constant (WDI base year, 2015)"),
    "NY.GDP.PCAP.CD": ("gdp_per_capita_usd", "USD current"),
    "SP.POP.TOTL": ("population", "persons"),
    "NY.GDP.DEFL.ZS": ("gdp_deflator", "index (base year varies by country)"),
    "FP.CPI.TOTL": ("cpi", "index 2010=100"),
    "PA.NUS.FCRF": ("fx_lcu_per_usd_wb", "LCU per USD, period average"),
}
DEFAULT_INDICATORS = ("NY.GDP.MKTP.CD", "SP.POP.TOTL", "NY.GDP.DEFL.ZS")
COLUMNS = ["country", "year", "month", "indicator", "value", "unit", "dataset"]


def indicator_name(code: str) -> str:
    """The ``macro.indicator`` name of a WDI code."""
    known = INDICATORS.get(code)
    return known[0] if known else "wdi_" + code.lower().replace(".", "_")


def fetch_wdi(countries: Sequence[str], years: Sequence[int], *, client: HttpClient,
              indicators: Sequence[str] = DEFAULT_INDICATORS, dataset: str = "wdi",
              per_page: int = 1000) -> Extract:
    """Fetch WDI indicators for ``countries`` (ISO3) and the year range of ``years``."""
    if not countries or not years:
        raise SourceError("give at least one country and one year, e.g. --countries KOR,PA --years 2000-2020")
    params_base = {"format": "json", "date": f"{min(years)}:{max(years)}", "per_page": per_page}
    rows: list[dict[str, Any]] = []
    dropped = {"records": 0, "null values (not published)": 0, "without an ISO3 code (aggregates)": 0}
    infos: list[FetchInfo] = []
    versions: set[str] = set()
    for code in indicators:
        url = BASE_URL.format(countries=";".join(countries), indicator=code)
        page, pages = 1, 1
        while page <= pages:
            payload, info = client.get_json(url, params_base | {"page": page})
            header, records = _check_reply(payload, url)
            pages = int(header.get("pages") or 0)
            if header.get("lastupdated"):
                versions.add(str(header["lastupdated"]))
            rows.extend(_tidy(records, code, dataset, dropped))
            infos.append(info)
            page += 1
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame = frame.astype({"year": "int64", "value": "float64"})
    frame["month"] = frame["month"].astype("Int64")
    frame = frame.sort_values(["indicator", "country", "year"], ignore_index=True)
    prov = Provenance(
        dataset=dataset, source="World Bank, World Development Indicators (API v2)", licence=LICENCE,
        url=BASE_URL.format(countries=";".join(countries), indicator="{indicator}"),
        query=json.dumps({"indicators": list(indicators), "countries": list(countries),
                          "date": params_base["date"]}),
        retrieved_at=min((i.retrieved_at for i in infos), default=None),
        version=f"lastupdated {max(versions)}" if versions else None,
        note=f"{len(infos)} request(s); {dropped['records']:,} records, {len(frame):,} stored; dropped: "
             + ", ".join(f"{n:,} {why}" for why, n in dropped.items() if why != "records"),
    )
    return Extract(provenance=prov, tables={"macro": frame})


def _check_reply(payload: Any, url: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    if not isinstance(payload, list) or not payload:
        raise SourceError(f"{url}: unexpected World Bank reply: {str(payload)[:200]}")
    head = payload[0]
    if isinstance(head, dict) and "message" in head:
        msgs = "; ".join(f"{m.get('key')}: {m.get('value')}" for m in head["message"])
        raise SourceError(f"{url}: World Bank API says: {msgs}; check the country and indicator codes")
    records = payload[1] if len(payload) > 1 and payload[1] is not None else []
    return head, records


def _tidy(records: list[dict[str, Any]], code: str, dataset: str,
          dropped: dict[str, int] | None = None) -> list[dict[str, Any]]:
    name = indicator_name(code)
    unit = INDICATORS.get(code, (name, "as published"))[1]
    dropped = dropped if dropped is not None else {}
    out = []
    for r in records:
        dropped["records"] = dropped.get("records", 0) + 1
        iso = r.get("countryiso3code") or ""
        why = ("null values (not published)" if r.get("value") is None
               else "without an ISO3 code (aggregates)" if len(iso) != 3 else None)
        if why:
            dropped[why] = dropped.get(why, 0) + 1
            continue
        out.append({"country": iso.upper(), "year": int(r["date"][:4]), "month": None, "indicator": name,
                    "value": float(r["value"]), "unit": unit, "dataset": dataset})
    return out
