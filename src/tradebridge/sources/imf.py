"""IMF exchange rates (domestic currency per US dollar): the SDMX API, or an IFS-style CSV.

* **SDMX API** — dataflow ``IMF.STA,ER`` (Exchange Rates), key ``<ISO3+ISO3>.XDC_USD.PA_RT.<A|M>``
  (indicator XDC_USD, period-average rate), asked for SDMX-CSV
  (``Accept: application/vnd.sdmx.data+csv``). An SDMX-JSON reply is read as well. Country codes are
  ISO3 (ISO2 codes of older IFS replies are converted).
* **IFS CSV** — the ``Date,Rate,Currency,Frequency,Source,Country code,Country`` layout of the
  long-running IFS extracts (one row per country and period, ISO2 country codes); recognised when
  ``url`` points at such a file.

Rows become ``macro`` rows: indicator ``fx_lcu_per_usd``, unit ``LCU per USD``, ``month`` set for
monthly data; dataset ``imf_er_annual`` / ``imf_er_monthly``.

>>> text = "Date,Rate,Currency,Frequency,Source,Country code,Country\\n2015-12-31,1131.1,KRW,A,IMF,KR,Korea\\n"
>>> parse_ifs_csv(text)[["country", "year", "value"]].values.tolist()
[['KOR', 2015, 1131.1]]
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Literal

import pandas as pd

from tradebridge.errors import SourceError, check_option
from tradebridge.sources.base import Extract, Provenance
from tradebridge.sources.codes import iso2_to_iso3
from tradebridge.sources.http import HttpClient
from tradebridge.sources.sdmx import parse_period, parse_sdmx_csv, parse_sdmx_json

BASE_URL = "https://api.imf.org/external/sdmx/2.1/data/{flow}/{key}"
FLOW = "IMF.STA,ER"
LICENCE = "IMF Copyright and Usage terms (free use with attribution)"
CSV_ACCEPT = "application/vnd.sdmx.data+csv;version=1.0.0"
COLUMNS = ["country", "year", "month", "indicator", "value", "unit", "dataset"]
Frequency = Literal["A", "M"]


def fx_key(countries: Sequence[str], frequency: Frequency = "A") -> str:
    """SDMX key of period-average rates per USD.

    >>> fx_key(["KOR", "CHL"])
    'KOR+CHL.XDC_USD.PA_RT.A'
    """
    return f"{'+'.join(countries)}.XDC_USD.PA_RT.{frequency}"


def fetch_imf_fx(countries: Sequence[str], years: Sequence[int], *, client: HttpClient,
                 frequency: Frequency = "A", dataset: str | None = None, url: str | None = None) -> Extract:
    """Fetch exchange rates (LCU per USD, period average) for ``countries`` (ISO3)."""
    check_option("frequency", frequency, ["A", "M"])
    if not countries or not years:
        raise SourceError("give at least one country and one year, e.g. --countries KOR,PA --years 2000-2020")
    url = url or BASE_URL.format(flow=FLOW, key=fx_key(countries, frequency))
    params = {"startPeriod": str(min(years)), "endPeriod": str(max(years))}
    body, info = client.get_bytes(url, params, headers={"Accept": CSV_ACCEPT})
    text = body.decode("utf-8-sig", errors="replace")
    name = dataset or ("imf_er_annual" if frequency == "A" else "imf_er_monthly")
    if text.lstrip().startswith("{"):
        frame = tidy_sdmx_fx(parse_sdmx_json(json.loads(text), source=url), dataset=name, source=url)
    elif text.startswith("Date,Rate,"):  # an IFS extract (e.g. a mirror given with --url)
        frame = parse_ifs_csv(text, dataset=name)
        frame = frame[frame["country"].isin(countries)]
        frame = frame[frame["month"].isna() if frequency == "A" else frame["month"].notna()]
    else:
        frame = tidy_sdmx_fx(parse_sdmx_csv(text, source=url), dataset=name, source=url)
    dropped = dict(frame.attrs.get("dropped", {}))
    frame = frame[frame["year"].between(min(years), max(years))].reset_index(drop=True)
    counted = "; ".join(f"dropped {n:,} {why}" for why, n in dropped.items() if n)
    prov = Provenance(
        dataset=name, source="IMF Exchange Rates (ER) via SDMX", licence=LICENCE, url=url,
        query=info.query, retrieved_at=info.retrieved_at,
        version=f"as retrieved {info.retrieved_at[:10]}",
        note="XDC_USD period average (PA_RT): domestic currency per US dollar"
             + (f"; {counted}" if counted else ""),
    )
    return Extract(provenance=prov, tables={"macro": frame})


def tidy_sdmx_fx(raw: pd.DataFrame, *, dataset: str, source: str = "IMF") -> pd.DataFrame:
    """SDMX rows (``COUNTRY`` or ``REF_AREA``, ``TIME_PERIOD``, ``OBS_VALUE``) -> ``macro`` rows."""
    if raw.empty:
        return _frame([])
    area = next((c for c in ("COUNTRY", "REF_AREA") if c in raw.columns), None)
    if area is None:
        raise SourceError(f"{source}: no COUNTRY/REF_AREA column in the reply ({list(raw.columns)})")
    rows = []
    dropped = {"empty values": 0, "regional aggregates (not countries)": 0}
    for code, period, value in zip(raw[area], raw["TIME_PERIOD"], raw["OBS_VALUE"]):
        if pd.isna(value):
            dropped["empty values"] += 1
            continue
        iso = _iso3(str(code))
        if iso is None:
            dropped["regional aggregates (not countries)"] += 1  # e.g. euro area U2
            continue
        year, month = parse_period(period)
        rows.append((iso, year, month, float(value)))
    out = _frame(rows, dataset)
    out.attrs["dropped"] = dropped
    return out


def parse_ifs_csv(text: str, *, dataset: str = "imf_ifs_csv") -> pd.DataFrame:
    """Read the ``Date,Rate,Currency,Frequency,Source,Country code,Country`` layout into ``macro`` rows."""
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    need = {"Date", "Rate", "Frequency", "Country code"}
    if not need <= set(frame.columns):
        raise SourceError(f"IFS CSV: missing column(s) {sorted(need - set(frame.columns))}")
    rows = []
    dropped = {"empty rates": 0, "area codes that are not countries": 0}
    for date, rate, freq, code in zip(frame["Date"], frame["Rate"], frame["Frequency"], frame["Country code"]):
        iso = _iso3(code)
        if rate in ("", "NA"):
            dropped["empty rates"] += 1
            continue
        if iso is None:
            dropped["area codes that are not countries"] += 1
            continue
        try:
            year, month = int(date[:4]), (int(date[5:7]) if freq == "M" else None)
            value = float(rate)
        except ValueError:
            raise SourceError(f"IFS CSV: unreadable date or rate {date!r}, {rate!r} for {code}; "
                              "dates look like 2015-12-31") from None
        rows.append((iso, year, month, value))
    out = _frame(rows, dataset)
    out.attrs["dropped"] = dropped
    return out


def _iso3(code: str) -> str | None:
    code = code.strip().upper()
    if len(code) == 3 and code.isalpha():
        return code
    if len(code) == 2:
        return iso2_to_iso3(code)
    return None


def _frame(rows: list[tuple], dataset: str = "") -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["country", "year", "month", "value"])
    frame["indicator"] = "fx_lcu_per_usd"
    frame["unit"] = "LCU per USD"
    frame["dataset"] = dataset
    frame = frame.astype({"year": "int64", "value": "float64"})
    frame["month"] = frame["month"].astype("Int64")
    return frame[COLUMNS].sort_values(["country", "year", "month"], ignore_index=True)
